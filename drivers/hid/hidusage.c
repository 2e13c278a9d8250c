/* hidusage: usage names (see hidusage.h).
 *
 * The standard names are those of the USB HID Power Device Class spec
 * (pages 0x84 Power Device, 0x85 Battery System), spelled as NUT's
 * usbhid-ups 2.8.0 spells them in its paths (so "iDevicename", "Usenext",
 * "Maxerror"). The vendor names and numbers are the ones NUT 2.8.0's
 * usbhid-ups knows for each subdriver family, read off its binary: facts
 * about the device protocol that ups.conf paths and device dumps use. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hidusage.h"

/* the Power Device Class: pages 0x84 and 0x85 */
static const struct hid_usage_name pdc_rows[] = {
    {0x00840000, "Undefined"},
    {0x00840001, "iName"},
    {0x00840002, "PresentStatus"},
    {0x00840003, "ChangedStatus"},
    {0x00840004, "UPS"},
    {0x00840005, "PowerSupply"},
    {0x00840010, "BatterySystem"},
    {0x00840011, "BatterySystemID"},
    {0x00840012, "Battery"},
    {0x00840013, "BatteryID"},
    {0x00840014, "Charger"},
    {0x00840015, "ChargerID"},
    {0x00840016, "PowerConverter"},
    {0x00840017, "PowerConverterID"},
    {0x00840018, "OutletSystem"},
    {0x00840019, "OutletSystemID"},
    {0x0084001a, "Input"},
    {0x0084001b, "InputID"},
    {0x0084001c, "Output"},
    {0x0084001d, "OutputID"},
    {0x0084001e, "Flow"},
    {0x0084001f, "FlowID"},
    {0x00840020, "Outlet"},
    {0x00840021, "OutletID"},
    {0x00840022, "Gang"},
    {0x00840023, "GangID"},
    {0x00840024, "PowerSummary"},
    {0x00840025, "PowerSummaryID"},
    {0x00840030, "Voltage"},
    {0x00840031, "Current"},
    {0x00840032, "Frequency"},
    {0x00840033, "ApparentPower"},
    {0x00840034, "ActivePower"},
    {0x00840035, "PercentLoad"},
    {0x00840036, "Temperature"},
    {0x00840037, "Humidity"},
    {0x00840038, "BadCount"},
    {0x00840040, "ConfigVoltage"},
    {0x00840041, "ConfigCurrent"},
    {0x00840042, "ConfigFrequency"},
    {0x00840043, "ConfigApparentPower"},
    {0x00840044, "ConfigActivePower"},
    {0x00840045, "ConfigPercentLoad"},
    {0x00840046, "ConfigTemperature"},
    {0x00840047, "ConfigHumidity"},
    {0x00840050, "SwitchOnControl"},
    {0x00840051, "SwitchOffControl"},
    {0x00840052, "ToggleControl"},
    {0x00840053, "LowVoltageTransfer"},
    {0x00840054, "HighVoltageTransfer"},
    {0x00840055, "DelayBeforeReboot"},
    {0x00840056, "DelayBeforeStartup"},
    {0x00840057, "DelayBeforeShutdown"},
    {0x00840058, "Test"},
    {0x00840059, "ModuleReset"},
    {0x0084005a, "AudibleAlarmControl"},
    {0x00840060, "Present"},
    {0x00840061, "Good"},
    {0x00840062, "InternalFailure"},
    {0x00840063, "VoltageOutOfRange"},
    {0x00840064, "FrequencyOutOfRange"},
    {0x00840065, "Overload"},
    {0x00840066, "OverCharged"},
    {0x00840067, "OverTemperature"},
    {0x00840068, "ShutdownRequested"},
    {0x00840069, "ShutdownImminent"},
    {0x0084006b, "SwitchOn/Off"},
    {0x0084006c, "Switchable"},
    {0x0084006d, "Used"},
    {0x0084006e, "Boost"},
    {0x0084006f, "Buck"},
    {0x00840070, "Initialized"},
    {0x00840071, "Tested"},
    {0x00840072, "AwaitingPower"},
    {0x00840073, "CommunicationLost"},
    {0x008400fd, "iManufacturer"},
    {0x008400fe, "iProduct"},
    {0x008400ff, "iSerialNumber"},
    {0x00850000, "Undefined"},
    {0x00850001, "SMBBatteryMode"},
    {0x00850002, "SMBBatteryStatus"},
    {0x00850003, "SMBAlarmWarning"},
    {0x00850004, "SMBChargerMode"},
    {0x00850005, "SMBChargerStatus"},
    {0x00850006, "SMBChargerSpecInfo"},
    {0x00850007, "SMBSelectorState"},
    {0x00850008, "SMBSelectorPresets"},
    {0x00850009, "SMBSelectorInfo"},
    {0x00850010, "OptionalMfgFunction1"},
    {0x00850011, "OptionalMfgFunction2"},
    {0x00850012, "OptionalMfgFunction3"},
    {0x00850013, "OptionalMfgFunction4"},
    {0x00850014, "OptionalMfgFunction5"},
    {0x00850015, "ConnectionToSMBus"},
    {0x00850016, "OutputConnection"},
    {0x00850017, "ChargerConnection"},
    {0x00850018, "BatteryInsertion"},
    {0x00850019, "Usenext"},
    {0x0085001a, "OKToUse"},
    {0x0085001b, "BatterySupported"},
    {0x0085001c, "SelectorRevision"},
    {0x0085001d, "ChargingIndicator"},
    {0x00850028, "ManufacturerAccess"},
    {0x00850029, "RemainingCapacityLimit"},
    {0x0085002a, "RemainingTimeLimit"},
    {0x0085002b, "AtRate"},
    {0x0085002c, "CapacityMode"},
    {0x0085002d, "BroadcastToCharger"},
    {0x0085002e, "PrimaryBattery"},
    {0x0085002f, "ChargeController"},
    {0x00850040, "TerminateCharge"},
    {0x00850041, "TerminateDischarge"},
    {0x00850042, "BelowRemainingCapacityLimit"},
    {0x00850043, "RemainingTimeLimitExpired"},
    {0x00850044, "Charging"},
    {0x00850045, "Discharging"},
    {0x00850046, "FullyCharged"},
    {0x00850047, "FullyDischarged"},
    {0x00850048, "ConditioningFlag"},
    {0x00850049, "AtRateOK"},
    {0x0085004a, "SMBErrorCode"},
    {0x0085004b, "NeedReplacement"},
    {0x00850060, "AtRateTimeToFull"},
    {0x00850061, "AtRateTimeToEmpty"},
    {0x00850062, "AverageCurrent"},
    {0x00850063, "Maxerror"},
    {0x00850064, "RelativeStateOfCharge"},
    {0x00850065, "AbsoluteStateOfCharge"},
    {0x00850066, "RemainingCapacity"},
    {0x00850067, "FullChargeCapacity"},
    {0x00850068, "RunTimeToEmpty"},
    {0x00850069, "AverageTimeToEmpty"},
    {0x0085006a, "AverageTimeToFull"},
    {0x0085006b, "CycleCount"},
    {0x00850080, "BattPackModelLevel"},
    {0x00850081, "InternalChargeController"},
    {0x00850082, "PrimaryBatterySupport"},
    {0x00850083, "DesignCapacity"},
    {0x00850084, "SpecificationInfo"},
    {0x00850085, "ManufacturerDate"},
    {0x00850086, "SerialNumber"},
    {0x00850087, "iManufacturerName"},
    {0x00850088, "iDevicename"},
    {0x00850089, "iDeviceChemistry"},
    {0x0085008a, "ManufacturerData"},
    {0x0085008b, "Rechargeable"},
    {0x0085008c, "WarningCapacityLimit"},
    {0x0085008d, "CapacityGranularity1"},
    {0x0085008e, "CapacityGranularity2"},
    {0x0085008f, "iOEMInformation"},
    {0x008500c0, "InhibitCharge"},
    {0x008500c1, "EnablePolling"},
    {0x008500c2, "ResetToZero"},
    {0x008500d0, "ACPresent"},
    {0x008500d1, "BatteryPresent"},
    {0x008500d2, "PowerFail"},
    {0x008500d3, "AlarmInhibited"},
    {0x008500d4, "ThermistorUnderRange"},
    {0x008500d5, "ThermistorHot"},
    {0x008500d6, "ThermistorCold"},
    {0x008500d7, "ThermistorOverRange"},
    {0x008500d8, "VoltageOutOfRange"},
    {0x008500d9, "CurrentOutOfRange"},
    {0x008500da, "CurrentNotRegulated"},
    {0x008500db, "VoltageNotRegulated"},
    {0x008500dc, "MasterMode"},
    {0x008500f0, "ChargerSelectorSupport"},
    {0x008500f1, "ChargerSpec"},
    {0x008500f2, "Level2"},
    {0x008500f3, "Level3"},
};
const struct hid_usage_table hid_usages_pdc = {"pdc", pdc_rows,
                                               sizeof(pdc_rows) / sizeof(pdc_rows[0])};

/* APC: page 0xff86, and Back-UPS (BUP) names on 0x85/0x86 */
static const struct hid_usage_name apc_rows[] = {
    {0x00850058, "BUPHibernate"},
    {0x00860010, "BUPSelfTest"},
    {0x00860012, "BUPBattCapBeforeStartup"},
    {0x00860076, "BUPDelayBeforeStartup"},
    {0xff860005, "APCGeneralCollection"},
    {0xff860006, "APCEnvironment"},
    {0xff860007, "APCProbe1"},
    {0xff860008, "APCProbe2"},
    {0xff860016, "APCBattReplaceDate"},
    {0xff860019, "APCBattCapBeforeStartup"},
    {0xff860042, "APC_UPS_FirmwareRevision"},
    {0xff860052, "APCLineFailCause"},
    {0xff860060, "APCStatusFlag"},
    {0xff860061, "APCSensitivity"},
    {0xff860072, "APCPanelTest"},
    {0xff860076, "APCShutdownAfterDelay"},
    {0xff860079, "APC_USB_FirmwareRevision"},
    {0xff86007c, "APCDelayBeforeReboot"},
    {0xff86007d, "APCDelayBeforeShutdown"},
    {0xff86007e, "APCDelayBeforeStartup"},
};
const struct hid_usage_table hid_usages_apc = {"apc", apc_rows,
                                               sizeof(apc_rows) / sizeof(apc_rows[0])};

/* Belkin: page 0x86 */
static const struct hid_usage_name belkin_rows[] = {
    {0x00860010, "BELKINBatterySystem"},
    {0x0086001a, "BELKINInput"},
    {0x0086001c, "BELKINOutput"},
    {0x00860021, "BELKINPowerStatus"},
    {0x00860022, "BELKINBatteryStatus"},
    {0x00860026, "BELKINConfig"},
    {0x00860027, "BELKINControls"},
    {0x00860028, "BELKINStatus"},
    {0x00860029, "BELKINDevice"},
    {0x0086002a, "BELKINPowerState"},
    {0x00860030, "BELKINVoltage"},
    {0x00860032, "BELKINFrequency"},
    {0x00860034, "BELKINPower"},
    {0x00860035, "BELKINPercentLoad"},
    {0x00860036, "BELKINTemperature"},
    {0x00860039, "BELKINCharge"},
    {0x00860040, "BELKINConfigVoltage"},
    {0x00860042, "BELKINConfigFrequency"},
    {0x00860043, "BELKINConfigApparentPower"},
    {0x00860044, "BELKINConfigBatteryVoltage"},
    {0x00860045, "BELKINConfigOverloadTransfer"},
    {0x00860050, "BELKINLoadOn"},
    {0x00860051, "BELKINLoadOff"},
    {0x00860052, "BELKINLoadToggle"},
    {0x00860053, "BELKINLowVoltageTransfer"},
    {0x00860054, "BELKINHighVoltageTransfer"},
    {0x00860055, "BELKINDelayBeforeReboot"},
    {0x00860056, "BELKINDelayBeforeStartup"},
    {0x00860057, "BELKINDelayBeforeShutdown"},
    {0x00860058, "BELKINTest"},
    {0x0086005a, "BELKINAudibleAlarmControl"},
    {0x0086005b, "BELKINLowVoltageTransferMax"},
    {0x0086005c, "BELKINLowVoltageTransferMin"},
    {0x0086005d, "BELKINHighVoltageTransferMax"},
    {0x0086005e, "BELKINHighVoltageTransferMin"},
    {0x0086006c, "BELKINRunTimeToEmpty"},
    {0x00860074, "BELKINVoltageSensitivity"},
    {0x00860075, "BELKINModelString"},
    {0x00860076, "BELKINModelStringOffset"},
    {0x0086007c, "BELKINUPSType"},
};
const struct hid_usage_table hid_usages_belkin = {"belkin", belkin_rows,
                                                  sizeof(belkin_rows) / sizeof(belkin_rows[0])};

/* MGE UPS Systems / Eaton (and Dell, PowerWalker OEMs): page 0xffff */
static const struct hid_usage_name mge_rows[] = {
    {0xffff0000, "Undefined"},
    {0xffff0001, "STS"},
    {0xffff0002, "Environment"},
    {0xffff0003, "Statistic"},
    {0xffff0004, "StatisticSystem"},
    {0xffff0010, "Phase"},
    {0xffff0011, "PhaseID"},
    {0xffff0012, "Chopper"},
    {0xffff0013, "ChopperID"},
    {0xffff0014, "Inverter"},
    {0xffff0015, "InverterID"},
    {0xffff0016, "Rectifier"},
    {0xffff0017, "RectifierID"},
    {0xffff0018, "LCMSystem"},
    {0xffff0019, "LCMSystemID"},
    {0xffff001a, "LCMAlarm"},
    {0xffff001b, "LCMAlarmID"},
    {0xffff001c, "HistorySystem"},
    {0xffff001d, "HistorySystemID"},
    {0xffff001e, "Event"},
    {0xffff001f, "EventID"},
    {0xffff0020, "CircuitBreaker"},
    {0xffff0021, "TransferForbidden"},
    {0xffff0022, "OverallAlarm"},
    {0xffff0023, "Dephasing"},
    {0xffff0024, "BypassBreaker"},
    {0xffff0025, "PowerModule"},
    {0xffff0026, "PowerRate"},
    {0xffff0027, "PowerSource"},
    {0xffff0028, "CurrentPowerSource"},
    {0xffff0029, "RedundancyLevel"},
    {0xffff002a, "RedundancyLost"},
    {0xffff002b, "NotificationStatus"},
    {0xffff002c, "ProtectionLost"},
    {0xffff002d, "ConfigurationFailure"},
    {0xffff002e, "CompatibilityFailure"},
    {0xffff0040, "SwitchType"},
    {0xffff0041, "ConverterType"},
    {0xffff0042, "FrequencyConverterMode"},
    {0xffff0043, "AutomaticRestart"},
    {0xffff0044, "ForcedReboot"},
    {0xffff0045, "TestPeriod"},
    {0xffff0046, "EnergySaving"},
    {0xffff0047, "StartOnBattery"},
    {0xffff0048, "Schedule"},
    {0xffff0049, "DeepDischargeProtection"},
    {0xffff004a, "ShortCircuit"},
    {0xffff004b, "ExtendedVoltageMode"},
    {0xffff004c, "SensitivityMode"},
    {0xffff004d, "RemainingCapacityLimitSetting"},
    {0xffff004e, "ExtendedFrequencyMode"},
    {0xffff004f, "FrequencyConverterModeSetting"},
    {0xffff0050, "LowVoltageBoostTransfer"},
    {0xffff0051, "HighVoltageBoostTransfer"},
    {0xffff0052, "LowVoltageBuckTransfer"},
    {0xffff0053, "HighVoltageBuckTransfer"},
    {0xffff0054, "OverloadTransferEnable"},
    {0xffff0055, "OutOfToleranceTransferEnable"},
    {0xffff0056, "ForcedTransferEnable"},
    {0xffff0057, "LowVoltageBypassTransfer"},
    {0xffff0058, "HighVoltageBypassTransfer"},
    {0xffff0059, "FrequencyRangeBypassTransfer"},
    {0xffff005a, "LowVoltageEcoTransfer"},
    {0xffff005b, "HighVoltageEcoTransfer"},
    {0xffff005c, "FrequencyRangeEcoTransfer"},
    {0xffff005d, "ShutdownTimer"},
    {0xffff005e, "StartupTimer"},
    {0xffff005f, "RestartLevel"},
    {0xffff0060, "PhaseOutOfRange"},
    {0xffff0061, "CurrentLimitation"},
    {0xffff0062, "ThermalOverload"},
    {0xffff0063, "SynchroSource"},
    {0xffff0064, "FuseFault"},
    {0xffff0065, "ExternalProtectedTransfert"},
    {0xffff0066, "ExternalForcedTransfert"},
    {0xffff0067, "Compensation"},
    {0xffff0068, "EmergencyStop"},
    {0xffff0069, "PowerFactor"},
    {0xffff006a, "PeakFactor"},
    {0xffff006b, "ChargerType"},
    {0xffff006c, "HighPositiveDCBusVoltage"},
    {0xffff006d, "LowPositiveDCBusVoltage"},
    {0xffff006e, "HighNegativeDCBusVoltage"},
    {0xffff006f, "LowNegativeDCBusVoltage"},
    {0xffff0070, "FrequencyRangeTransfer"},
    {0xffff0071, "WiringFaultDetection"},
    {0xffff0072, "ControlStandby"},
    {0xffff0073, "ShortCircuitTolerance"},
    {0xffff0074, "VoltageTooHigh"},
    {0xffff0075, "VoltageTooLow"},
    {0xffff0076, "DCBusUnbalanced"},
    {0xffff0077, "FanFailure"},
    {0xffff0078, "WiringFault"},
    {0xffff0079, "Floating"},
    {0xffff007a, "OverCurrent"},
    {0xffff007b, "RemainingActivePower"},
    {0xffff007c, "Energy"},
    {0xffff007d, "Threshold"},
    {0xffff007e, "OverThreshold"},
    {0xffff0080, "Sensor"},
    {0xffff0081, "LowHumidity"},
    {0xffff0082, "HighHumidity"},
    {0xffff0083, "LowTemperature"},
    {0xffff0084, "HighTemperature"},
    {0xffff0085, "ECOControl"},
    {0xffff0086, "Efficiency"},
    {0xffff0087, "ABMEnable"},
    {0xffff0088, "NegativeCurrent"},
    {0xffff0089, "AutomaticStart"},
    {0xffff0090, "Count"},
    {0xffff0091, "Timer"},
    {0xffff0092, "Interval"},
    {0xffff0093, "TimerExpired"},
    {0xffff0094, "Mode"},
    {0xffff0095, "Country"},
    {0xffff0096, "State"},
    {0xffff0097, "Time"},
    {0xffff0098, "Code"},
    {0xffff0099, "DataValid"},
    {0xffff009a, "ToggleTimer"},
    {0xffff009b, "BypassTransferDelay"},
    {0xffff009c, "HysteresysVoltageTransfer"},
    {0xffff009d, "SlewRate"},
    {0xffff00a0, "PDU"},
    {0xffff00a1, "Breaker"},
    {0xffff00a2, "BreakerID"},
    {0xffff00a3, "OverVoltage"},
    {0xffff00a4, "Tripped"},
    {0xffff00a5, "OverEnergy"},
    {0xffff00a6, "OverHumidity"},
    {0xffff00a7, "ConfigurationReset"},
    {0xffff00a8, "Level"},
    {0xffff00a9, "PDUType"},
    {0xffff00aa, "ReactivePower"},
    {0xffff00ab, "Pole"},
    {0xffff00ac, "PoleID"},
    {0xffff00ad, "Reset"},
    {0xffff00ae, "WatchdogReset"},
    {0xffff00e0, "COPIBridge"},
    {0xffff00f0, "iModel"},
    {0xffff00f1, "iVersion"},
    {0xffff00f2, "iTechnicalLevel"},
    {0xffff00f3, "iPartNumber"},
    {0xffff00f4, "iReferenceNumber"},
    {0xffff00f5, "iGang"},
};
const struct hid_usage_table hid_usages_mge = {"mge", mge_rows,
                                               sizeof(mge_rows) / sizeof(mge_rows[0])};

/* Tripp Lite: page 0xffff and a few on 0x84 */
static const struct hid_usage_name tripplite_rows[] = {
    {0x00840044, "TLCharging"},
    {0x00840045, "TLDischarging"},
    {0x0084004b, "TLNeedReplacement"},
    {0x008400d0, "TLACPresent"},
    {0xffff0010, "TLCustom"},
    {0xffff0056, "TLDelayBeforeStartup"},
    {0xffff0057, "TLLowVoltageTransferMax"},
    {0xffff0058, "TLLowVoltageTransferMin"},
    {0xffff0059, "TLHighVoltageTransferMax"},
    {0xffff005a, "TLHighVoltageTransferMin"},
    {0xffff007a, "OutletState"},
    {0xffff007b, "OutletCount"},
    {0xffff007c, "UPSFirmwareVersion"},
    {0xffff007d, "CommunicationProtocolVersion"},
    {0xffff007e, "CommunicationVersion"},
    {0xffff007f, "iUPSPartNumber"},
    {0xffff0080, "AutoOnDelay"},
    {0xffff0092, "TLWatchdog"},
    {0xffff0095, "TLOutletsAvailableMask"},
    {0xffff0096, "TLOutletsStatusMask"},
};
const struct hid_usage_table hid_usages_tripplite = {
    "tripplite", tripplite_rows, sizeof(tripplite_rows) / sizeof(tripplite_rows[0])};

/* Powercom: page 0x0002, 0x00ff, 0xff86 */
static const struct hid_usage_name powercom_rows[] = {
    {0x00020004, "PowercomUPS"},
    {0x00020010, "PowercomBatterySystem"},
    {0x00020016, "PowercomPowerConverter"},
    {0x0002001a, "PowercomInput"},
    {0x0002001c, "PowercomOutput"},
    {0x00020030, "PowercomVoltage"},
    {0x00020032, "PowercomFrequency"},
    {0x00020035, "PowercomPercentLoad"},
    {0x00020036, "PowercomTemperature"},
    {0x00020056, "PowercomDelayBeforeStartup"},
    {0x00020057, "PowercomDelayBeforeShutdown"},
    {0x00020058, "PowercomTest"},
    {0x00020068, "PowercomShutdownRequested"},
    {0x00020081, "PowercomInternalChargeController"},
    {0x00020082, "PowercomPrimaryBatterySupport"},
    {0x00020083, "PowercomDesignCapacity"},
    {0x00020084, "PowercomSpecificationInfo"},
    {0x00020085, "PowercomManufacturerDate"},
    {0x00020086, "PowercomSerialNumber"},
    {0x00020087, "PowercomManufacturerName"},
    {0x0084002f, "POWERCOM1"},
    {0x00ff0056, "PCMDelayBeforeStartup"},
    {0x00ff0057, "PCMDelayBeforeShutdown"},
    {0xff860060, "POWERCOM2"},
    {0xff860080, "POWERCOM3"},
};
const struct hid_usage_table hid_usages_powercom = {
    "powercom", powercom_rows, sizeof(powercom_rows) / sizeof(powercom_rows[0])};
static const char *table_name(const struct hid_usage_table *t, uint32_t usage)
{
	size_t lo = 0, hi = t->n;

	/* Binary search for the first row with this usage. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->rows[mid].usage < usage)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < t->n && t->rows[lo].usage == usage)
		return t->rows[lo].name;
	return NULL;
}

const char *hid_usage_name(const struct hid_usage_table *vendor, uint32_t usage)
{
	const char *name = NULL;

	if (vendor != NULL)
		name = table_name(vendor, usage);
	if (name == NULL)
		name = table_name(&hid_usages_pdc, usage);
	return name;
}

static int table_lookup(const struct hid_usage_table *t, const char *name, size_t len,
                        uint32_t *usage)
{
	for (size_t i = 0; i < t->n; i++) {
		if (strlen(t->rows[i].name) == len && memcmp(t->rows[i].name, name, len) == 0) {
			*usage = t->rows[i].usage;
			return 0;
		}
	}
	return -1;
}

static int is_hex8(const char *s, size_t len)
{
	if (len != 8)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
		      (s[i] >= 'A' && s[i] <= 'F')))
			return 0;
	return 1;
}

/* name[0..len): not NUL-terminated (a part of a dotted path). */
static int lookup_part(const struct hid_usage_table *vendor, const char *name, size_t len,
                       uint32_t *usage)
{
	if (len == 0)
		return -1;
	if (name[0] == '[' && len >= 3 && len <= 7 && name[len - 1] == ']') {
		unsigned long n = 0;

		for (size_t i = 1; i + 1 < len; i++) {
			if (name[i] < '0' || name[i] > '9')
				return -1;
			n = n * 10 + (unsigned long)(name[i] - '0');
		}
		if (n > 0xFFFF)
			return -1;
		*usage = 0x00FF0000u | (uint32_t)n;
		return 0;
	}
	if (vendor != NULL && table_lookup(vendor, name, len, usage) == 0)
		return 0;
	if (table_lookup(&hid_usages_pdc, name, len, usage) == 0)
		return 0;
	if (is_hex8(name, len)) {
		char hex[9];

		memcpy(hex, name, 8);
		hex[8] = '\0';
		*usage = (uint32_t)strtoul(hex, NULL, 16);
		return 0;
	}
	return -1;
}

int hid_usage_lookup(const struct hid_usage_table *vendor, const char *name, uint32_t *usage)
{
	return lookup_part(vendor, name, strlen(name), usage);
}

int hid_path_format(const struct hid_usage_table *vendor, const uint32_t *path, size_t n, char *out,
                    size_t outlen)
{
	size_t used = 0;

	if (outlen == 0)
		return -1;
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const char *name = hid_usage_name(vendor, path[i]);
		char hex[9];
		int w;

		/* Index nodes first: page 0x00FF is never looked up by number. */
		if ((path[i] & 0xFFFF0000u) == 0x00FF0000u) {
			snprintf(hex, sizeof(hex), "[%u]", (unsigned)(path[i] & 0xFFFF));
			name = hex;
		} else if (name == NULL) {
			snprintf(hex, sizeof(hex), "%08x", (unsigned)path[i]);
			name = hex;
		}
		w = snprintf(out + used, outlen - used, "%s%s", i ? "." : "", name);
		if (w < 0 || (size_t)w >= outlen - used) {
			out[0] = '\0';
			return -1;
		}
		used += (size_t)w;
	}
	return 0;
}

int hid_path_parse(const struct hid_usage_table *vendor, const char *s, uint32_t *path, size_t max,
                   size_t *n)
{
	size_t k = 0;
	const char *p = s;

	for (;;) {
		const char *dot = strchr(p, '.');
		size_t len = dot ? (size_t)(dot - p) : strlen(p);

		if (k >= max || lookup_part(vendor, p, len, &path[k]) < 0)
			return -1;
		k++;
		if (dot == NULL)
			break;
		p = dot + 1;
	}
	*n = k;
	return 0;
}
