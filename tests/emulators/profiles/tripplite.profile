# Tripp Lite shaped device (SMART1500LCDT; what NUT publishes for the real
# one: ../shared/data/ddl/Tripp_Lite__SMART1500LCDT__usbhid-ups__2.6.3__01.dev).
# Tripp Lite's vendor id 09ae and product id 3016 (NUT's TrippLite
# subdriver); report descriptor tripplite.hex, authored by us (mkdesc.py).
# The real unit reads 0 V and 5990 Hz in that dump (NUT's TrippLite scaling
# rule meeting its exponents). Here the voltage, frequency and current fields
# carry exponents that make NUT publish sane values, so their values below
# are in the descriptor's HID units: 0.001215 is logical 1215, which NUT
# publishes as 121.5 V; 5990 is 59.9 Hz; 120 is 1.2 A; 0.000271 is 27.1 V.
vendorid 09ae
productid 3016
manufacturer "Tripp Lite"
product "TRIPP LITE UPS"
serial "CCSYWWZZZZ"
string 4 "PbAC"
descriptor tripplite.hex
names tripplite
interval 1000

set UPS.PowerSummary.RemainingCapacity 100
set UPS.PowerSummary.RunTimeToEmpty 10800
set UPS.PowerSummary.PresentStatus.ACPresent 1
set UPS.PowerSummary.PresentStatus.FullyCharged 1
set UPS.PowerSummary.PresentStatus.BatteryPresent 1
set UPS.PowerSummary.RemainingCapacityLimit 10
set UPS.PowerSummary.WarningCapacityLimit 30
set UPS.PowerSummary.iDeviceChemistry 4
set UPS.PowerSummary.AudibleAlarmControl 1
set UPS.BatterySystem.Battery.Voltage 0.000271
set UPS.BatterySystem.Battery.ConfigVoltage 24
set UPS.PowerConverter.Input.Voltage 0.001215
set UPS.PowerConverter.Input.Frequency 5990
set UPS.PowerConverter.Output.Voltage 0.001215
set UPS.PowerConverter.Output.Frequency 5990
set UPS.PowerConverter.Output.Current 120
set UPS.PowerConverter.Output.ActivePower 145
set UPS.Flow.ConfigVoltage 120
set UPS.Flow.ConfigFrequency 60
set UPS.Flow.ConfigApparentPower 1500
