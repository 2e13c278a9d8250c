/* desc: the description tables. One row per standard name; rows with an "N"
 * word match any decimal index in that position. Order does not matter. */
#include "config.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "desc.h"
#include "strutil.h"

struct desc_row {
	const char *name;
	const char *text;
};

static const struct desc_row var_desc[] = {
    /* device.* */
    {"device.type", "Kind of device (ups, pdu, ats ...)"},
    {"device.mfr", "Maker of the device"},
    {"device.model", "Model name of the device"},
    {"device.serial", "Serial number of the device"},
    {"device.part", "Part number of the device"},
    {"device.description", "Free text describing the device"},
    {"device.contact", "Person responsible for the device"},
    {"device.location", "Where the device is installed"},
    {"device.macaddr", "Network (MAC) address of the device"},
    {"device.uptime", "Seconds since the device last started"},
    {"device.count", "Number of devices in this group"},
    /* ups.* */
    {"ups.status", "Current UPS state flags"},
    {"ups.alarm", "Active UPS alarm messages"},
    {"ups.time", "Clock time kept by the UPS"},
    {"ups.date", "Calendar date kept by the UPS"},
    {"ups.model", "UPS model name"},
    {"ups.mfr", "UPS maker"},
    {"ups.mfr.date", "Date the UPS was built"},
    {"ups.serial", "UPS serial number"},
    {"ups.vendorid", "USB vendor ID of the UPS"},
    {"ups.productid", "USB product ID of the UPS"},
    {"ups.firmware", "Firmware version of the UPS"},
    {"ups.firmware.aux", "Version of auxiliary UPS firmware"},
    {"ups.firmware.old", "Older firmware version string"},
    {"ups.temperature", "Temperature inside the UPS (deg C)"},
    {"ups.load", "Load on the UPS (% of capacity)"},
    {"ups.load.high", "Load level counted as overload (%)"},
    {"ups.id", "Name the UPS was given by its owner"},
    {"ups.description", "Free text describing the UPS"},
    {"ups.delay.start", "Seconds to wait before turning the load back on"},
    {"ups.delay.reboot", "Seconds to wait before a reboot cycle"},
    {"ups.delay.shutdown", "Seconds to wait before cutting the load"},
    {"ups.timer.start", "Seconds left until the load comes back on"},
    {"ups.timer.reboot", "Seconds left until the reboot cycle"},
    {"ups.timer.shutdown", "Seconds left until the load is cut"},
    {"ups.test.interval", "Seconds between automatic self tests"},
    {"ups.test.result", "Outcome of the last self test"},
    {"ups.test.date", "When the last self test ran"},
    {"ups.display.language", "Language of the front panel"},
    {"ups.contacts", "State of the dry contacts"},
    {"ups.efficiency", "Output power over input power (%)"},
    {"ups.power", "Apparent power drawn from the UPS (VA)"},
    {"ups.power.nominal", "Rated apparent power of the UPS (VA)"},
    {"ups.realpower", "Real power drawn from the UPS (W)"},
    {"ups.realpower.nominal", "Rated real power of the UPS (W)"},
    {"ups.beeper.status", "Whether the UPS buzzer is on, off or muted"},
    {"ups.type", "Design of the UPS (online, line-interactive ...)"},
    {"ups.watchdog.status", "State of the UPS watchdog"},
    {"ups.start.auto", "Start by itself when mains returns"},
    {"ups.start.battery", "May start without mains (cold start)"},
    {"ups.start.reboot", "Restart the load after a shutdown cycle"},
    {"ups.shutdown", "State of the UPS shutdown function"},
    /* input.* */
    {"input.voltage", "Voltage at the input (V)"},
    {"input.voltage.maximum", "Highest input voltage seen (V)"},
    {"input.voltage.minimum", "Lowest input voltage seen (V)"},
    {"input.voltage.status", "Whether input voltage is in limits"},
    {"input.voltage.low.warning", "Input voltage low warning level (V)"},
    {"input.voltage.low.critical", "Input voltage low critical level (V)"},
    {"input.voltage.high.warning", "Input voltage high warning level (V)"},
    {"input.voltage.high.critical", "Input voltage high critical level (V)"},
    {"input.voltage.nominal", "Rated input voltage (V)"},
    {"input.voltage.extended", "Wider input voltage window enabled"},
    {"input.voltage.fault", "Input voltage during the last fault (V)"},
    {"input.transfer.delay", "Seconds of bad input before going to battery"},
    {"input.transfer.low", "Input voltage below which the UPS uses battery (V)"},
    {"input.transfer.high", "Input voltage above which the UPS uses battery (V)"},
    {"input.transfer.low.min", "Smallest allowed low transfer point (V)"},
    {"input.transfer.low.max", "Largest allowed low transfer point (V)"},
    {"input.transfer.high.min", "Smallest allowed high transfer point (V)"},
    {"input.transfer.high.max", "Largest allowed high transfer point (V)"},
    {"input.transfer.boost.low", "Input voltage where boosting starts (V)"},
    {"input.transfer.boost.high", "Input voltage where boosting stops (V)"},
    {"input.transfer.trim.low", "Input voltage where trimming stops (V)"},
    {"input.transfer.trim.high", "Input voltage where trimming starts (V)"},
    {"input.transfer.reason", "Why the UPS last went to battery"},
    {"input.sensitivity", "How sensitive the UPS is to input disturbances"},
    {"input.quality", "Quality of the input power"},
    {"input.current", "Current drawn at the input (A)"},
    {"input.current.nominal", "Rated input current (A)"},
    {"input.current.status", "Whether input current is in limits"},
    {"input.current.low.warning", "Input current low warning level (A)"},
    {"input.current.high.warning", "Input current high warning level (A)"},
    {"input.current.high.critical", "Input current high critical level (A)"},
    {"input.frequency", "Frequency at the input (Hz)"},
    {"input.frequency.nominal", "Rated input frequency (Hz)"},
    {"input.frequency.status", "Whether input frequency is in limits"},
    {"input.frequency.low", "Lowest accepted input frequency (Hz)"},
    {"input.frequency.high", "Highest accepted input frequency (Hz)"},
    {"input.frequency.extended", "Wider input frequency window enabled"},
    {"input.phases", "Number of input phases"},
    {"input.power", "Apparent power at the input (VA)"},
    {"input.realpower", "Real power at the input (W)"},
    {"input.load", "Load on the input (%)"},
    {"input.bypass.voltage", "Voltage at the bypass input (V)"},
    {"input.bypass.frequency", "Frequency at the bypass input (Hz)"},
    {"input.bypass.phases", "Number of bypass input phases"},
    {"input.bypass.current", "Current at the bypass input (A)"},
    {"input.L1-N.voltage", "Input voltage, phase 1 to neutral (V)"},
    {"input.L2-N.voltage", "Input voltage, phase 2 to neutral (V)"},
    {"input.L3-N.voltage", "Input voltage, phase 3 to neutral (V)"},
    {"input.L1.current", "Input current, phase 1 (A)"},
    {"input.L2.current", "Input current, phase 2 (A)"},
    {"input.L3.current", "Input current, phase 3 (A)"},
    /* output.* */
    {"output.voltage", "Voltage at the output (V)"},
    {"output.voltage.nominal", "Rated output voltage (V)"},
    {"output.frequency", "Frequency at the output (Hz)"},
    {"output.frequency.nominal", "Rated output frequency (Hz)"},
    {"output.current", "Current at the output (A)"},
    {"output.current.nominal", "Rated output current (A)"},
    {"output.phases", "Number of output phases"},
    {"output.power", "Apparent power at the output (VA)"},
    {"output.power.nominal", "Rated apparent output power (VA)"},
    {"output.power.percent", "Apparent output power (% of rating)"},
    {"output.power.maximum.percent", "Highest output power seen (%)"},
    {"output.power.minimum.percent", "Lowest output power seen (%)"},
    {"output.realpower", "Real power at the output (W)"},
    {"output.realpower.nominal", "Rated real output power (W)"},
    {"output.powerfactor", "Power factor at the output"},
    {"output.L1-N.voltage", "Output voltage, phase 1 to neutral (V)"},
    {"output.L2-N.voltage", "Output voltage, phase 2 to neutral (V)"},
    {"output.L3-N.voltage", "Output voltage, phase 3 to neutral (V)"},
    {"output.L1.current", "Output current, phase 1 (A)"},
    {"output.L2.current", "Output current, phase 2 (A)"},
    {"output.L3.current", "Output current, phase 3 (A)"},
    /* battery.* */
    {"battery.charge", "State of charge of the battery (%)"},
    {"battery.charge.low", "Charge level counted as low battery (%)"},
    {"battery.charge.restart", "Charge needed before the load is restarted (%)"},
    {"battery.charge.warning", "Charge level that raises a warning (%)"},
    {"battery.charger.status", "What the charger is doing"},
    {"battery.voltage", "Battery voltage (V)"},
    {"battery.voltage.nominal", "Rated battery voltage (V)"},
    {"battery.voltage.low", "Lowest usable battery voltage (V)"},
    {"battery.voltage.high", "Battery voltage when fully charged (V)"},
    {"battery.capacity", "Battery capacity (Ah)"},
    {"battery.current", "Current into or out of the battery (A)"},
    {"battery.current.total", "Total battery current (A)"},
    {"battery.temperature", "Battery temperature (deg C)"},
    {"battery.runtime", "Time left on battery at this load (s)"},
    {"battery.runtime.low", "Runtime counted as low battery (s)"},
    {"battery.runtime.restart", "Runtime needed before the load is restarted (s)"},
    {"battery.alarm.threshold", "When the battery alarm sounds"},
    {"battery.date", "When the battery was installed"},
    {"battery.mfr.date", "When the battery was made"},
    {"battery.packs", "Number of battery packs"},
    {"battery.packs.bad", "Number of failed battery packs"},
    {"battery.type", "Battery chemistry"},
    {"battery.protection", "Deep discharge protection enabled"},
    {"battery.energysave", "Power-saving mode on battery enabled"},
    {"battery.energysave.load", "Load below which power saving starts (%)"},
    {"battery.energysave.delay", "Seconds before power saving starts"},
    /* ambient.* */
    {"ambient.temperature", "Temperature around the device (deg C)"},
    {"ambient.temperature.status", "Whether the ambient temperature is in limits"},
    {"ambient.temperature.high", "Ambient temperature upper limit (deg C)"},
    {"ambient.temperature.high.warning", "Ambient temperature warning level (deg C)"},
    {"ambient.temperature.high.critical", "Ambient temperature critical level (deg C)"},
    {"ambient.temperature.low", "Ambient temperature lower limit (deg C)"},
    {"ambient.humidity", "Relative humidity around the device (%)"},
    {"ambient.humidity.status", "Whether the ambient humidity is in limits"},
    {"ambient.humidity.high", "Ambient humidity upper limit (%)"},
    {"ambient.humidity.high.warning", "Ambient humidity warning level (%)"},
    {"ambient.humidity.high.critical", "Ambient humidity critical level (%)"},
    {"ambient.humidity.low", "Ambient humidity lower limit (%)"},
    {"ambient.present", "Whether an ambient sensor is connected"},
    {"ambient.N.temperature", "Temperature at sensor %s (deg C)"},
    {"ambient.N.humidity", "Relative humidity at sensor %s (%)"},
    {"ambient.N.temperature.alarm.high", "High temperature alarm level, sensor %s (deg C)"},
    {"ambient.N.temperature.alarm.low", "Low temperature alarm level, sensor %s (deg C)"},
    {"ambient.N.humidity.alarm.high", "High humidity alarm level, sensor %s (%)"},
    {"ambient.N.humidity.alarm.low", "Low humidity alarm level, sensor %s (%)"},
    {"ambient.contacts.N.status", "State of dry contact %s"},
    /* outlet.* */
    {"outlet.id", "Identifier of the main outlet"},
    {"outlet.desc", "Description of the main outlet"},
    {"outlet.switchable", "Whether the main outlet can be switched"},
    {"outlet.count", "Number of outlets"},
    {"outlet.current", "Current through all outlets (A)"},
    {"outlet.voltage", "Voltage at the outlets (V)"},
    {"outlet.frequency", "Frequency at the outlets (Hz)"},
    {"outlet.power", "Apparent power at the outlets (VA)"},
    {"outlet.realpower", "Real power at the outlets (W)"},
    {"outlet.powerfactor", "Power factor at the outlets"},
    {"outlet.N.id", "Identifier of outlet %s"},
    {"outlet.N.desc", "Description of outlet %s"},
    {"outlet.N.status", "Whether outlet %s is on or off"},
    {"outlet.N.switchable", "Whether outlet %s can be switched"},
    {"outlet.N.autoswitch.charge.low", "Battery charge that switches outlet %s off (%)"},
    {"outlet.N.delay.shutdown", "Seconds before outlet %s is switched off"},
    {"outlet.N.delay.start", "Seconds before outlet %s is switched on"},
    {"outlet.N.timer.shutdown", "Seconds left until outlet %s is switched off"},
    {"outlet.N.timer.start", "Seconds left until outlet %s is switched on"},
    {"outlet.N.current", "Current through outlet %s (A)"},
    {"outlet.N.current.status", "Whether the current of outlet %s is in limits"},
    {"outlet.N.current.high.warning", "Current warning level of outlet %s (A)"},
    {"outlet.N.current.high.critical", "Current critical level of outlet %s (A)"},
    {"outlet.N.voltage", "Voltage at outlet %s (V)"},
    {"outlet.N.voltage.status", "Whether the voltage of outlet %s is in limits"},
    {"outlet.N.voltage.low.warning", "Low voltage warning level of outlet %s (V)"},
    {"outlet.N.voltage.high.warning", "High voltage warning level of outlet %s (V)"},
    {"outlet.N.voltage.high.critical", "High voltage critical level of outlet %s (V)"},
    {"outlet.N.power", "Apparent power at outlet %s (VA)"},
    {"outlet.N.realpower", "Real power at outlet %s (W)"},
    {"outlet.N.powerfactor", "Power factor at outlet %s"},
    {"outlet.N.groupid", "Group that outlet %s belongs to"},
    {"outlet.group.count", "Number of outlet groups"},
    {"outlet.group.N.id", "Identifier of outlet group %s"},
    {"outlet.group.N.name", "Name of outlet group %s"},
    {"outlet.group.N.type", "Kind of outlet group %s"},
    {"outlet.group.N.count", "Number of outlets in group %s"},
    {"outlet.group.N.status", "Whether outlet group %s is on or off"},
    {"outlet.group.N.current", "Current through outlet group %s (A)"},
    {"outlet.group.N.current.nominal", "Rated current of outlet group %s (A)"},
    {"outlet.group.N.current.status", "Whether the current of group %s is in limits"},
    {"outlet.group.N.current.low.warning", "Low current warning level of group %s (A)"},
    {"outlet.group.N.current.high.warning", "Current warning level of group %s (A)"},
    {"outlet.group.N.current.high.critical", "Current critical level of group %s (A)"},
    {"outlet.group.N.power", "Apparent power of outlet group %s (VA)"},
    {"outlet.group.N.realpower", "Real power of outlet group %s (W)"},
    /* driver.* and server.* */
    {"driver.name", "Program serving this device"},
    {"driver.version", "Version of the driver package"},
    {"driver.version.internal", "Internal version of the driver"},
    {"driver.version.data", "Version of the driver's data tables"},
    {"driver.version.usb", "Version of the USB library the driver uses"},
    {"driver.state", "What the driver is doing"},
    {"driver.flag.allow_killpower", "Whether the driver may cut the UPS power"},
    {"server.info", "Information about the data server"},
    {"server.version", "Version of the data server"},
};

static const struct desc_row cmd_desc[] = {
    {"load.off", "Cut power to the load now"},
    {"load.on", "Give power to the load now"},
    {"load.off.delay", "Cut power to the load after ups.delay.shutdown"},
    {"load.on.delay", "Give power to the load after ups.delay.start"},
    {"shutdown.return", "Cut the load, restore it when mains returns"},
    {"shutdown.return.grace", "Like shutdown.return, after a grace period"},
    {"shutdown.stayoff", "Cut the load and keep it off when mains returns"},
    {"shutdown.stop", "Cancel a pending shutdown"},
    {"shutdown.reboot", "Cycle power to the load"},
    {"shutdown.reboot.graceful", "Cycle power to the load after a delay"},
    {"test.panel.start", "Begin a front panel test"},
    {"test.panel.stop", "End the front panel test"},
    {"test.failure.start", "Simulate a mains failure"},
    {"test.failure.stop", "End the simulated mains failure"},
    {"test.battery.start", "Begin a battery test"},
    {"test.battery.start.quick", "Begin a short battery test"},
    {"test.battery.start.deep", "Begin a full battery test"},
    {"test.battery.stop", "End the battery test"},
    {"test.system.start", "Begin a whole system test"},
    {"calibrate.start", "Begin runtime calibration"},
    {"calibrate.stop", "End runtime calibration"},
    {"bypass.start", "Feed the load from the bypass"},
    {"bypass.stop", "Stop feeding the load from the bypass"},
    {"reset.input.minmax", "Clear the input voltage extremes"},
    {"reset.watchdog", "Restart the UPS watchdog timer"},
    {"beeper.enable", "Allow the buzzer to sound"},
    {"beeper.disable", "Stop the buzzer from sounding"},
    {"beeper.mute", "Silence the buzzer for now"},
    {"beeper.toggle", "Flip the buzzer between on and off"},
    {"beeper.on", "Allow the buzzer to sound (old name)"},
    {"beeper.off", "Stop the buzzer from sounding (old name)"},
    {"experimental.test", "Run a driver's experimental command"},
    {"outlet.N.load.off", "Cut power to outlet %s now"},
    {"outlet.N.load.on", "Give power to outlet %s now"},
    {"outlet.N.load.cycle", "Cycle power on outlet %s"},
    {"outlet.N.shutdown.return", "Cut outlet %s, restore it when mains returns"},
    {"outlet.group.N.load.off", "Cut power to outlet group %s now"},
    {"outlet.group.N.load.on", "Give power to outlet group %s now"},
    {"outlet.group.N.load.cycle", "Cycle power on outlet group %s"},
};

/* Matches name against pattern word by word; an "N" word in the pattern takes
 * a run of digits, copied into idx. 1 on a match. */
static int desc_match(const char *pat, const char *name, char *idx, size_t idxlen)
{
	size_t n;

	idx[0] = '\0';
	while (*pat != '\0' && *name != '\0') {
		if (pat[0] == 'N' && (pat[1] == '.' || pat[1] == '\0') &&
		    isdigit((unsigned char)*name)) {
			for (n = 0; isdigit((unsigned char)name[n]); n++)
				;
			if (n >= idxlen)
				return 0;
			memcpy(idx, name, n);
			idx[n] = '\0';
			pat++;
			name += n;
			continue;
		}
		if (tolower((unsigned char)*pat) != tolower((unsigned char)*name))
			return 0;
		pat++;
		name++;
	}
	return *pat == '\0' && *name == '\0';
}

int desc_lookup(int is_cmd, const char *name, char *out, size_t outlen)
{
	const struct desc_row *t = is_cmd ? cmd_desc : var_desc;
	size_t n = desc_count(is_cmd), i;
	char idx[16];
	const char *p;

	for (i = 0; i < n; i++) {
		if (!desc_match(t[i].name, name, idx, sizeof(idx)))
			continue;
		p = strstr(t[i].text, "%s");
		if (p == NULL)
			return str_copy(out, outlen, t[i].text);
		return str_fmt(out, outlen, "%.*s%s%s", (int)(p - t[i].text), t[i].text, idx,
		               p + 2);
	}
	return str_copy(out, outlen, DESC_UNAVAILABLE);
}

size_t desc_count(int is_cmd)
{
	return is_cmd ? sizeof(cmd_desc) / sizeof(cmd_desc[0])
	              : sizeof(var_desc) / sizeof(var_desc[0]);
}
