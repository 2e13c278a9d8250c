/* maps: the usbhid-ups mapping tables and subdrivers (see usbhid.h). The
 * generic Power Device Class table serves every family; a vendor's own rows
 * come first and win for the variables they name. Paths use the names of
 * drivers/hid/hidusage.c, with the subdriver's vendor names. */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "usbhid.h"

/* --- enumerations --- */

static const struct uh_enum uh_beeper[] = {
    {1, "disabled"},
    {2, "enabled"},
    {3, "muted"},
    {0, NULL},
};

static const struct uh_enum uh_test_result[] = {
    {1, "Done and passed"},
    {2, "Done and warning"},
    {3, "Done and error"},
    {4, "Aborted"},
    {5, "In progress"},
    {6, "No test initiated"},
    {0, NULL},
};

static const struct uh_enum uh_sensitivity[] = {
    {0, "high"},
    {1, "medium"},
    {2, "low"},
    {0, NULL},
};

#define PS  "UPS.PowerSummary."
#define PST "UPS.PowerSummary.PresentStatus."
#define OUT "UPS.Output."

/* --- the Power Device Class mapping (HID PDC 1.0 usages) --- */
static const struct uh_map uh_map_pdc[] = {
    /* ups.status: every row read each pollinterval */
    {"OL", PST "ACPresent", UH_STATUS, UH_QUICK, NULL, 0, NULL, 0},
    {"OB", PST "ACPresent", UH_STATUS, UH_QUICK | UH_INVERT, NULL, 0, NULL, 0},
    {"DISCHRG", PST "Discharging", UH_STATUS, UH_QUICK, NULL, 0, NULL, 0},
    {"CHRG", PST "Charging", UH_STATUS, UH_QUICK, NULL, 0, NULL, 0},
    {"LB", PST "BelowRemainingCapacityLimit", UH_STATUS, UH_QUICK, NULL, 0, NULL, 0},
    {"RB", PST "NeedReplacement", UH_STATUS, UH_QUICK, NULL, 0, NULL, 0},
    {"OVER", PST "Overload", UH_STATUS, UH_QUICK, NULL, 0, NULL, 0},
    {"TRIM", PST "Buck", UH_STATUS, UH_QUICK, NULL, 0, NULL, 0},
    {"TRIM", "UPS.PowerConverter.Input.[1].PresentStatus.Buck", UH_STATUS, UH_QUICK, NULL, 0, NULL,
     0},
    {"BOOST", PST "Boost", UH_STATUS, UH_QUICK, NULL, 0, NULL, 0},
    {"BOOST", "UPS.PowerConverter.Input.[1].PresentStatus.Boost", UH_STATUS, UH_QUICK, NULL, 0,
     NULL, 0},
    {"BYPASS", "UPS.PowerConverter.Input.[2].PresentStatus.Used", UH_STATUS, UH_QUICK, NULL, 0,
     NULL, 0},

    /* battery */
    {"battery.charge", PS "RemainingCapacity", UH_VALUE, UH_QUICK, "%.0f", 0, NULL, 0},
    {"battery.charge", "UPS.BatterySystem.Battery.RemainingCapacity", UH_VALUE, UH_QUICK, "%.0f", 0,
     NULL, 0},
    {"battery.charge.low", PS "RemainingCapacityLimit", UH_VALUE, UH_RW | UH_SLOW, "%.0f", 0, NULL,
     0},
    {"battery.charge.warning", PS "WarningCapacityLimit", UH_VALUE, UH_SLOW, "%.0f", 0, NULL, 0},
    {"battery.runtime", PS "RunTimeToEmpty", UH_VALUE, UH_QUICK, "%.0f", 0, NULL, 0},
    {"battery.runtime", "UPS.Battery.RunTimeToEmpty", UH_VALUE, UH_QUICK, "%.0f", 0, NULL, 0},
    {"battery.runtime.low", PS "RemainingTimeLimit", UH_VALUE, UH_RW | UH_SLOW, "%.0f", 0, NULL, 0},
    {"battery.runtime.low", "UPS.Battery.RemainingTimeLimit", UH_VALUE, UH_RW | UH_SLOW, "%.0f", 0,
     NULL, 0},
    {"battery.voltage", PS "Voltage", UH_VALUE, 0, "%.2f", 0, NULL, 0},
    {"battery.voltage", "UPS.Battery.Voltage", UH_VALUE, 0, "%.2f", 0, NULL, 0},
    {"battery.voltage", "UPS.BatterySystem.Battery.Voltage", UH_VALUE, 0, "%.1f", 0, NULL, 0},
    {"battery.voltage.nominal", PS "ConfigVoltage", UH_VALUE, UH_STATIC, "%.0f", 0, NULL, 0},
    {"battery.voltage.nominal", "UPS.Battery.ConfigVoltage", UH_VALUE, UH_STATIC, "%.0f", 0, NULL,
     0},
    {"battery.voltage.nominal", "UPS.BatterySystem.Battery.ConfigVoltage", UH_VALUE, UH_STATIC,
     "%.0f", 0, NULL, 0},
    {"battery.temperature", "UPS.Battery.Temperature", UH_VALUE, UH_K2C, "%.1f", 0, NULL, 0},
    {"battery.type", PS "iDeviceChemistry", UH_STRING, UH_STATIC, NULL, 0, NULL, 0},
    {"battery.mfr.date", PS "ManufacturerDate", UH_DATE, UH_STATIC, NULL, 0, NULL, 0},
    {"battery.mfr.date", "UPS.Battery.ManufacturerDate", UH_DATE, UH_STATIC, NULL, 0, NULL, 0},

    /* input, output */
    {"input.voltage", "UPS.Input.Voltage", UH_VALUE, 0, "%.1f", 0, NULL, 0},
    {"input.voltage", "UPS.PowerConverter.Input.[1].Voltage", UH_VALUE, 0, "%.1f", 0, NULL, 0},
    {"input.frequency", "UPS.Input.Frequency", UH_VALUE, 0, "%.1f", 0, NULL, 0},
    {"input.voltage.nominal", "UPS.Input.ConfigVoltage", UH_VALUE, UH_STATIC, "%.0f", 0, NULL, 0},
    {"input.transfer.low", "UPS.Input.LowVoltageTransfer", UH_VALUE, UH_RW | UH_SLOW, "%.0f", 0,
     NULL, 0},
    {"input.transfer.high", "UPS.Input.HighVoltageTransfer", UH_VALUE, UH_RW | UH_SLOW, "%.0f", 0,
     NULL, 0},
    {"output.voltage", "UPS.Output.Voltage", UH_VALUE, 0, "%.1f", 0, NULL, 0},
    {"output.frequency", "UPS.Output.Frequency", UH_VALUE, 0, "%.1f", 0, NULL, 0},
    {"output.current", "UPS.Output.Current", UH_VALUE, 0, "%.2f", 0, NULL, 0},
    {"output.voltage.nominal", "UPS.Output.ConfigVoltage", UH_VALUE, UH_STATIC, "%.1f", 0, NULL, 0},

    /* the UPS itself */
    {"ups.load", PS "PercentLoad", UH_VALUE, 0, "%.0f", 0, NULL, 0},
    {"ups.load", "UPS.Output.PercentLoad", UH_VALUE, 0, "%.0f", 0, NULL, 0},
    {"ups.load", "UPS.PowerConverter.Output.PercentLoad", UH_VALUE, 0, "%.0f", 0, NULL, 0},
    {"ups.realpower.nominal", "UPS.Output.ConfigActivePower", UH_VALUE, UH_STATIC, "%.0f", 0, NULL,
     0},
    {"ups.power.nominal", "UPS.Output.ConfigApparentPower", UH_VALUE, UH_STATIC, "%.0f", 0, NULL,
     0},
    {"ups.realpower", "UPS.Output.ActivePower", UH_VALUE, 0, "%.0f", 0, NULL, 0},
    {"ups.power", "UPS.Output.ApparentPower", UH_VALUE, 0, "%.0f", 0, NULL, 0},
    {"ups.timer.shutdown", PS "DelayBeforeShutdown", UH_VALUE, UH_SLOW, "%.0f", 0, NULL, 0},
    {"ups.timer.shutdown", OUT "DelayBeforeShutdown", UH_VALUE, UH_SLOW, "%.0f", 0, NULL, 0},
    {"ups.timer.start", PS "DelayBeforeStartup", UH_VALUE, UH_SLOW, "%.0f", 0, NULL, 0},
    {"ups.timer.start", OUT "DelayBeforeStartup", UH_VALUE, UH_SLOW, "%.0f", 0, NULL, 0},
    {"ups.timer.reboot", PS "DelayBeforeReboot", UH_VALUE, UH_SLOW, "%.0f", 0, NULL, 0},
    {"ups.beeper.status", PS "AudibleAlarmControl", UH_ENUM, UH_SLOW, NULL, 0, uh_beeper, 0},
    {"ups.test.result", "UPS.BatterySystem.Test", UH_ENUM, 0, NULL, 0, uh_test_result, 0},
    {"ups.test.result", "UPS.Battery.Test", UH_ENUM, 0, NULL, 0, uh_test_result, 0},
    {"ups.test.result", "UPS.BatterySystem.Battery.Test", UH_ENUM, 0, NULL, 0, uh_test_result, 0},
    {"ups.test.result", OUT "Test", UH_ENUM, 0, NULL, 0, uh_test_result, 0},

/* instant commands: SET_REPORT of the value, steps in order; the delays
 * sit in PowerSummary or (CyberPower) in Output */
#define UH_DELAY_CMDS(P)                                                                           \
	{"load.off", P "DelayBeforeShutdown", UH_CMD, 0, NULL, 0, NULL, 0},                        \
	    {"load.on", P "DelayBeforeStartup", UH_CMD, 0, NULL, 0, NULL, 0},                      \
	    {"shutdown.return", P "DelayBeforeStartup", UH_CMD, UH_ONDELAY, NULL, 0, NULL, 0},     \
	    {"shutdown.return", P "DelayBeforeShutdown", UH_CMD, UH_OFFDELAY, NULL, 0, NULL, 1},   \
	    {"shutdown.stayoff", P "DelayBeforeShutdown", UH_CMD, UH_OFFDELAY, NULL, 0, NULL, 0},  \
	    {"shutdown.stop", P "DelayBeforeShutdown", UH_CMD, 0, NULL, -1, NULL, 0},              \
	{                                                                                          \
		"shutdown.reboot", P "DelayBeforeReboot", UH_CMD, UH_OFFDELAY, NULL, 0, NULL, 0    \
	}
    UH_DELAY_CMDS(PS),
    UH_DELAY_CMDS(OUT),
    {"beeper.enable", PS "AudibleAlarmControl", UH_CMD, 0, NULL, 2, NULL, 0},
    {"beeper.disable", PS "AudibleAlarmControl", UH_CMD, 0, NULL, 1, NULL, 0},
    {"beeper.mute", PS "AudibleAlarmControl", UH_CMD, 0, NULL, 3, NULL, 0},
    {"beeper.on", PS "AudibleAlarmControl", UH_CMD, 0, NULL, 2, NULL, 0},
    {"beeper.off", PS "AudibleAlarmControl", UH_CMD, 0, NULL, 1, NULL, 0},
#define UH_TEST_CMDS(P)                                                                            \
	{"test.battery.start.quick", P "Test", UH_CMD, 0, NULL, 1, NULL, 0},                       \
	    {"test.battery.start.deep", P "Test", UH_CMD, 0, NULL, 2, NULL, 0},                    \
	{                                                                                          \
		"test.battery.stop", P "Test", UH_CMD, 0, NULL, 3, NULL, 0                         \
	}
    UH_TEST_CMDS("UPS.BatterySystem."),
    UH_TEST_CMDS("UPS.BatterySystem.Battery."),
    UH_TEST_CMDS("UPS.Battery."),
    UH_TEST_CMDS(OUT),
    {NULL, NULL, UH_VALUE, 0, NULL, 0, NULL, 0},
};

/* --- vendor rows (usages of the vendor pages, hidusage.c's names) --- */

static const struct uh_map uh_map_apc[] = {
    {"battery.date", "UPS.Battery.ManufacturerDate", UH_DATE, UH_STATIC, NULL, 0, NULL, 0},
    {"battery.mfr.date", PS "APCBattReplaceDate", UH_DATE, UH_STATIC, NULL, 0, NULL, 0},
    {"input.sensitivity", "UPS.Input.APCSensitivity", UH_ENUM, UH_SLOW, NULL, 0, uh_sensitivity, 0},
    {"battery.voltage", PS "Voltage", UH_VALUE, 0, "%.1f", 0, NULL, 0},
    {"battery.voltage", "UPS.Battery.Voltage", UH_VALUE, 0, "%.1f", 0, NULL, 0},
    {"battery.voltage.nominal", PS "ConfigVoltage", UH_VALUE, UH_STATIC, "%.1f", 0, NULL, 0},
    {"battery.voltage.nominal", "UPS.Battery.ConfigVoltage", UH_VALUE, UH_STATIC, "%.1f", 0, NULL,
     0},
    {"ups.load", OUT "PercentLoad", UH_VALUE, 0, "%.1f", 0, NULL, 0},
    /* APC has no PowerSummary.ConfigVoltage-as-output rule */
    {"output.voltage.nominal", OUT "ConfigVoltage", UH_VALUE, UH_STATIC, "%.1f", 0, NULL, 0},
    {NULL, NULL, UH_VALUE, 0, NULL, 0, NULL, 0},
};

static const struct uh_map uh_map_cps[] = {
    {"battery.mfr.date", PS "iOEMInformation", UH_STRING, UH_STATIC, NULL, 0, NULL, 0},
    {"battery.voltage", PS "Voltage", UH_VALUE, 0, "%.1f", 0, NULL, 0},
    {"battery.voltage.nominal", PS "ConfigVoltage", UH_VALUE, UH_STATIC, "%.0f", 0, NULL, 0},
    {NULL, NULL, UH_VALUE, 0, NULL, 0, NULL, 0},
};

#define PCI "UPS.PowerConverter.Input.[1]."
#define PCO "UPS.PowerConverter.Output."
static const struct uh_map uh_map_mge[] = {
    {"ups.power.nominal", "UPS.Flow.[4].ConfigApparentPower", UH_VALUE, UH_STATIC, "%.0f", 0, NULL,
     0},
    {"ups.realpower.nominal", "UPS.Flow.[4].ConfigActivePower", UH_VALUE, UH_STATIC, "%.0f", 0,
     NULL, 0},
    {"input.voltage", PCI "Voltage", UH_VALUE, 0, "%.1f", 0, NULL, 0},
    {"input.frequency", PCI "Frequency", UH_VALUE, 0, "%.1f", 0, NULL, 0},
    {"input.current", PCI "Current", UH_VALUE, 0, "%.2f", 0, NULL, 0},
    {"input.voltage.nominal", "UPS.Flow.[1].ConfigVoltage", UH_VALUE, UH_STATIC, "%.0f", 0, NULL,
     0},
    {"input.frequency.nominal", "UPS.Flow.[1].ConfigFrequency", UH_VALUE, UH_STATIC, "%.0f", 0,
     NULL, 0},
    {"output.voltage", PCO "Voltage", UH_VALUE, 0, "%.1f", 0, NULL, 0},
    {"output.frequency", PCO "Frequency", UH_VALUE, 0, "%.1f", 0, NULL, 0},
    {"output.current", PCO "Current", UH_VALUE, 0, "%.2f", 0, NULL, 0},
    {"output.voltage.nominal", "UPS.Flow.[4].ConfigVoltage", UH_VALUE, UH_STATIC, "%.0f", 0, NULL,
     0},
    {"output.frequency.nominal", "UPS.Flow.[4].ConfigFrequency", UH_VALUE, UH_STATIC, "%.0f", 0,
     NULL, 0},
    {"ups.power", PCO "ApparentPower", UH_VALUE, 0, "%.0f", 0, NULL, 0},
    {"ups.realpower", PCO "ActivePower", UH_VALUE, 0, "%.0f", 0, NULL, 0},
    {"ups.load", PCO "PercentLoad", UH_VALUE, 0, "%.0f", 0, NULL, 0},
    {"battery.voltage", "UPS.BatterySystem.Battery.Voltage", UH_VALUE, 0, "%.1f", 0, NULL, 0},
    {"battery.voltage", PS "Voltage", UH_VALUE, 0, "%.1f", 0, NULL, 0},
    {NULL, NULL, UH_VALUE, 0, NULL, 0, NULL, 0},
};

/* Tripp Lite: many models give voltages, frequencies and currents with
 * unit exponents that do not hold; the logical values are scaled instead
 * (UH_RAW, the factor in value). */
#define TLI "UPS.PowerConverter.Input."
static const struct uh_map uh_map_tripplite[] = {
    {"battery.voltage", "UPS.BatterySystem.Battery.Voltage", UH_VALUE, UH_RAW, "%.1f", 0.1, NULL,
     0},
    {"battery.voltage.nominal", "UPS.BatterySystem.Battery.ConfigVoltage", UH_VALUE, UH_STATIC,
     "%.1f", 0, NULL, 0},
    {"input.voltage", TLI "Voltage", UH_VALUE, UH_RAW, "%.1f", 0.1, NULL, 0},
    {"input.frequency", TLI "Frequency", UH_VALUE, UH_RAW, "%.1f", 0.1, NULL, 0},
    {"output.voltage", PCO "Voltage", UH_VALUE, UH_RAW, "%.1f", 0.1, NULL, 0},
    {"output.frequency", PCO "Frequency", UH_VALUE, UH_RAW, "%.1f", 0.1, NULL, 0},
    {"output.current", PCO "Current", UH_VALUE, UH_RAW, "%.1f", 0.01, NULL, 0},
    {"ups.power", PCO "ActivePower", UH_VALUE, 0, "%.1f", 0, NULL, 0},
    {"ups.power.nominal", "UPS.Flow.ConfigApparentPower", UH_VALUE, UH_STATIC, "%.0f", 0, NULL, 0},
    {"output.voltage.nominal", "UPS.Flow.ConfigVoltage", UH_VALUE, UH_STATIC, "%.0f", 0, NULL, 0},
    {"output.frequency.nominal", "UPS.Flow.ConfigFrequency", UH_VALUE, UH_STATIC, "%.0f", 0, NULL,
     0},
    {NULL, NULL, UH_VALUE, 0, NULL, 0, NULL, 0},
};

/* Belkin: status, charge and runtime in the standard PowerSummary; the
 * configuration, controls and measurements in the vendor page 0x86, whose
 * fields carry no unit: voltages and frequencies in 0.1 steps (UH_RAW),
 * the rest as counted. */
#define BKC "UPS.BELKINConfig."
#define BKT "UPS.BELKINControls."
#define BKP "UPS.BELKINPowerState."
static const struct uh_enum uh_belkin_test[] = {
    {0, "No test initiated"},
    {1, "Done and passed"},
    {2, "Done and warning"},
    {3, "Done and error"},
    {4, "Aborted"},
    {5, "In progress"},
    {0, NULL},
};
static const struct uh_map uh_map_belkin[] = {
    {"battery.voltage", PS "Voltage", UH_VALUE, 0, "%.1f", 0, NULL, 0},
    {"input.voltage", BKP "BELKINInput.BELKINVoltage", UH_VALUE, UH_RAW, "%.1f", 0.1, NULL, 0},
    {"input.frequency", BKP "BELKINInput.BELKINFrequency", UH_VALUE, UH_RAW, "%.1f", 0.1, NULL, 0},
    {"output.voltage", BKP "BELKINOutput.BELKINVoltage", UH_VALUE, UH_RAW, "%.1f", 0.1, NULL, 0},
    {"output.frequency", BKP "BELKINOutput.BELKINFrequency", UH_VALUE, UH_RAW, "%.1f", 0.1, NULL,
     0},
    {"ups.load", BKP "BELKINOutput.BELKINPercentLoad", UH_VALUE, 0, "%.0f", 0, NULL, 0},
    {"input.voltage.nominal", BKC "BELKINConfigVoltage", UH_VALUE, UH_STATIC, "%.0f", 0, NULL, 0},
    {"input.frequency.nominal", BKC "BELKINConfigFrequency", UH_VALUE, UH_STATIC, "%.0f", 0, NULL,
     0},
    {"ups.power.nominal", BKC "BELKINConfigApparentPower", UH_VALUE, UH_STATIC, "%.0f", 0, NULL, 0},
    {"input.transfer.low", BKC "BELKINLowVoltageTransfer", UH_VALUE, UH_SLOW, "%.0f", 0, NULL, 0},
    {"input.transfer.high", BKC "BELKINHighVoltageTransfer", UH_VALUE, UH_SLOW, "%.0f", 0, NULL, 0},
    {"ups.beeper.status", BKT "BELKINAudibleAlarmControl", UH_ENUM, UH_SLOW, NULL, 0, uh_beeper, 0},
    {"ups.test.result", BKT "BELKINTest", UH_ENUM, 0, NULL, 0, uh_belkin_test, 0},
    {"ups.timer.shutdown", BKT "BELKINDelayBeforeShutdown", UH_VALUE, UH_SLOW, "%.0f", 0, NULL, 0},
    {"ups.timer.start", BKT "BELKINDelayBeforeStartup", UH_VALUE, UH_SLOW, "%.0f", 0, NULL, 0},
    UH_DELAY_CMDS(BKT "BELKIN"),
    {NULL, NULL, UH_VALUE, 0, NULL, 0, NULL, 0},
};

/* Powercom: standard paths; the beeper values are the other way round,
 * the delays count minutes (the startup one with its two bytes swapped). */
static const struct uh_enum uh_powercom_beeper[] = {
    {1, "enabled"},
    {2, "disabled"},
    {0, NULL},
};
static const struct uh_map uh_map_powercom[] = {
    {"ups.beeper.status", PS "AudibleAlarmControl", UH_ENUM, UH_SLOW, NULL, 0, uh_powercom_beeper,
     0},
    {"ups.timer.shutdown", PS "DelayBeforeShutdown", UH_VALUE, UH_SLOW | UH_RAW, "%.0f", 60, NULL,
     0},
    {"ups.timer.start", PS "DelayBeforeStartup", UH_VALUE, UH_SLOW | UH_RAW | UH_SWAB, "%.0f", 60,
     NULL, 0},
    {"ups.date", PS "ManufacturerDate", UH_DATE, UH_STATIC, NULL, 0, NULL, 0},
    {"output.voltage.nominal", OUT "ConfigVoltage", UH_VALUE, UH_STATIC, "%.0f", 0, NULL, 0},
    {"beeper.enable", PS "AudibleAlarmControl", UH_CMD, 0, NULL, 1, NULL, 0},
    {"beeper.disable", PS "AudibleAlarmControl", UH_CMD, 0, NULL, 2, NULL, 0},
    {"beeper.on", PS "AudibleAlarmControl", UH_CMD, 0, NULL, 1, NULL, 0},
    {"beeper.off", PS "AudibleAlarmControl", UH_CMD, 0, NULL, 2, NULL, 0},
    {NULL, NULL, UH_VALUE, 0, NULL, 0, NULL, 0},
};

/* Devices of no known family: what NUT shows for such a PDC device. */
static const struct uh_map uh_map_generic[] = {
    {"output.voltage.nominal", PS "ConfigVoltage", UH_VALUE, UH_STATIC, "%.0f", 0, NULL, 0},
    {NULL, NULL, UH_VALUE, 0, NULL, 0, NULL, 0},
};

static const struct uh_map uh_map_none[] = {
    {NULL, NULL, UH_VALUE, 0, NULL, 0, NULL, 0},
};

/* --- hooks --- */

/* APC's product strings carry the firmware: "Back-UPS ES 850G2 FW:931.a10.I
 * USB FW:a10" is the model "Back-UPS ES 850G2", ups.firmware "931.a10.I"
 * and ups.firmware.aux "a10". */
static void uh_apc_model(const char *product, char *model, size_t modellen, char *fw, size_t fwlen,
                         char *fwaux, size_t auxlen)
{
	const char *p = strstr(product, " FW:");
	const char *q;
	size_t n;

	if (p == NULL)
		return;
	n = (size_t)(p - product);
	if (n >= modellen)
		return;
	memcpy(model, product, n);
	model[n] = '\0';
	p += 4;
	q = strstr(p, " USB FW:");
	n = q != NULL ? (size_t)(q - p) : strlen(p);
	if (n < fwlen) {
		memcpy(fw, p, n);
		fw[n] = '\0';
	}
	if (q != NULL && strlen(q + 8) < auxlen)
		strcpy(fwaux, q + 8);
}

/* --- subdrivers --- */

static const uint16_t uh_vid_apc[] = {0x051d, 0};
static const uint16_t uh_vid_cps[] = {0x0764, 0};
static const uint16_t uh_vid_mge[] = {0x0463, 0x047c, 0}; /* MGE/Eaton, Dell */
static const uint16_t uh_vid_tripplite[] = {0x09ae, 0};
static const uint16_t uh_vid_belkin[] = {0x050d, 0};
static const uint16_t uh_vid_liebert[] = {0x06da, 0x10af, 0}; /* Phoenixtec, Liebert */
static const uint16_t uh_vid_powercom[] = {0x0d9f, 0};

static const struct uh_map *const uh_tables_apc[] = {uh_map_apc, uh_map_pdc, NULL};
static const struct uh_map *const uh_tables_mge[] = {uh_map_mge, uh_map_pdc, NULL};
static const struct uh_map *const uh_tables_cps[] = {uh_map_cps, uh_map_pdc, NULL};
static const struct uh_map *const uh_tables_tripplite[] = {uh_map_tripplite, uh_map_pdc, NULL};
static const struct uh_map *const uh_tables_belkin[] = {uh_map_belkin, uh_map_pdc, NULL};
static const struct uh_map *const uh_tables_powercom[] = {uh_map_powercom, uh_map_pdc, NULL};
static const struct uh_map *const uh_tables_pdc[] = {uh_map_none, uh_map_pdc, NULL};
static const struct uh_map *const uh_tables_generic[] = {uh_map_generic, uh_map_pdc, NULL};

#define UH_SD(ident, nm, names_, vids, tabs, hook, mp)                                             \
	static const struct uh_subdriver ident = {                                                 \
	    .name = nm,                                                                            \
	    .version = "0.1",                                                                      \
	    .names = names_,                                                                       \
	    .vendorids = vids,                                                                     \
	    .tables = tabs,                                                                        \
	    .model = hook,                                                                         \
	    .model_power = mp,                                                                     \
	}
UH_SD(uh_sd_apc, "APC HID", &hid_usages_apc, uh_vid_apc, uh_tables_apc, uh_apc_model, 0);
UH_SD(uh_sd_cps, "CyberPower HID", NULL, uh_vid_cps, uh_tables_cps, NULL, 0);
UH_SD(uh_sd_mge, "MGE HID", &hid_usages_mge, uh_vid_mge, uh_tables_mge, NULL, 1);
UH_SD(uh_sd_tripplite, "TrippLite HID", &hid_usages_tripplite, uh_vid_tripplite,
      uh_tables_tripplite, NULL, 0);
UH_SD(uh_sd_belkin, "Belkin HID", &hid_usages_belkin, uh_vid_belkin, uh_tables_belkin, NULL, 0);
UH_SD(uh_sd_liebert, "Liebert HID", NULL, uh_vid_liebert, uh_tables_pdc, NULL, 0);
UH_SD(uh_sd_powercom, "PowerCOM HID", &hid_usages_powercom, uh_vid_powercom, uh_tables_powercom,
      NULL, 0);
UH_SD(uh_sd_generic, "Generic HID", NULL, NULL, uh_tables_generic, NULL, 0);

const struct uh_subdriver *const uh_subdrivers[] = {
    &uh_sd_apc,      &uh_sd_cps,     &uh_sd_mge, &uh_sd_tripplite, &uh_sd_belkin, &uh_sd_liebert,
    &uh_sd_powercom, &uh_sd_generic, NULL,
};

/* Devices known to speak the HID Power Device Class; the udev rules file is
 * generated from this table (tools: usbhid-ups -x list-usbids, see man). */
const struct uh_usbid uh_usbids[] = {
    {0x051d, 0x0002, "APC HID"},        {0x051d, 0x0003, "APC HID"},
    {0x051d, 0x0004, "APC HID"},        {0x0764, 0x0005, "CyberPower HID"},
    {0x0764, 0x0501, "CyberPower HID"}, {0x0764, 0x0601, "CyberPower HID"},
    {0x0463, 0x0001, "MGE HID"},        {0x0463, 0xffff, "MGE HID"},
    {0x047c, 0xffff, "MGE HID"},        {0x09ae, 0x1003, "TrippLite HID"},
    {0x09ae, 0x1007, "TrippLite HID"},  {0x09ae, 0x1008, "TrippLite HID"},
    {0x09ae, 0x1009, "TrippLite HID"},  {0x09ae, 0x1010, "TrippLite HID"},
    {0x09ae, 0x2005, "TrippLite HID"},  {0x09ae, 0x2007, "TrippLite HID"},
    {0x09ae, 0x2008, "TrippLite HID"},  {0x09ae, 0x2009, "TrippLite HID"},
    {0x09ae, 0x2010, "TrippLite HID"},  {0x09ae, 0x2011, "TrippLite HID"},
    {0x09ae, 0x2012, "TrippLite HID"},  {0x09ae, 0x2013, "TrippLite HID"},
    {0x09ae, 0x2014, "TrippLite HID"},  {0x09ae, 0x3008, "TrippLite HID"},
    {0x09ae, 0x3009, "TrippLite HID"},  {0x09ae, 0x3010, "TrippLite HID"},
    {0x09ae, 0x3011, "TrippLite HID"},  {0x09ae, 0x3012, "TrippLite HID"},
    {0x09ae, 0x3013, "TrippLite HID"},  {0x09ae, 0x3014, "TrippLite HID"},
    {0x09ae, 0x3015, "TrippLite HID"},  {0x09ae, 0x3016, "TrippLite HID"},
    {0x09ae, 0x3024, "TrippLite HID"},  {0x09ae, 0x4001, "TrippLite HID"},
    {0x09ae, 0x4002, "TrippLite HID"},  {0x09ae, 0x4003, "TrippLite HID"},
    {0x09ae, 0x4004, "TrippLite HID"},  {0x09ae, 0x4005, "TrippLite HID"},
    {0x09ae, 0x4006, "TrippLite HID"},  {0x09ae, 0x4007, "TrippLite HID"},
    {0x09ae, 0x4008, "TrippLite HID"},  {0x050d, 0x0375, "Belkin HID"},
    {0x050d, 0x0551, "Belkin HID"},     {0x050d, 0x0750, "Belkin HID"},
    {0x050d, 0x0751, "Belkin HID"},     {0x050d, 0x0900, "Belkin HID"},
    {0x050d, 0x0910, "Belkin HID"},     {0x050d, 0x0912, "Belkin HID"},
    {0x050d, 0x0980, "Belkin HID"},     {0x050d, 0x1100, "Belkin HID"},
    {0x06da, 0xffff, "Liebert HID"},    {0x10af, 0x0001, "Liebert HID"},
    {0x10af, 0x0002, "Liebert HID"},    {0x10af, 0x0004, "Liebert HID"},
    {0x0d9f, 0x0001, "PowerCOM HID"},   {0x0d9f, 0x0004, "PowerCOM HID"},
    {0x0d9f, 0x00a2, "PowerCOM HID"},   {0x0d9f, 0x00a3, "PowerCOM HID"},
    {0x0d9f, 0x00a4, "PowerCOM HID"},   {0x0d9f, 0x00a5, "PowerCOM HID"},
    {0x0d9f, 0x00a6, "PowerCOM HID"},   {0, 0, NULL},
};
