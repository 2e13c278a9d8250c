# Powercom shaped device (RPT-600AP; what NUT publishes for the real one:
# ../shared/data/ddl/Powercom__RPT-600AP__usbhid-ups__2.7.2__01.dev).
# Powercom's vendor id 0d9f, product id 0004 (NUT's PowerCOM subdriver);
# report descriptor powercom.hex, authored by us (mkdesc.py), standard
# Power Device Class paths. Strings as the real unit's (its iProduct is
# "HID UPS Battery").
vendorid 0d9f
productid 0004
manufacturer "POWERCOM Co.,LTD"
product "HID UPS Battery"
serial "004-0D9F-000"
string 4 "PbAc"
descriptor powercom.hex
names powercom
interval 1000

set UPS.PowerSummary.RemainingCapacity 100
set UPS.PowerSummary.RunTimeToEmpty 800
set UPS.PowerSummary.PresentStatus.ACPresent 1
set UPS.PowerSummary.PresentStatus.FullyCharged 1
set UPS.PowerSummary.PresentStatus.BatteryPresent 1
set UPS.PowerSummary.RemainingCapacityLimit 10
set UPS.PowerSummary.WarningCapacityLimit 30
set UPS.PowerSummary.iDeviceChemistry 4
set UPS.PowerSummary.ManufacturerDate 17455
set UPS.PowerSummary.AudibleAlarmControl 1
set UPS.PowerSummary.DelayBeforeShutdown 0
set UPS.PowerSummary.DelayBeforeStartup 0
set UPS.Battery.Test 1
set UPS.Input.Voltage 226
set UPS.Input.Frequency 50
set UPS.Input.ConfigVoltage 220
set UPS.Output.Voltage 226
set UPS.Output.Frequency 50
set UPS.Output.ConfigVoltage 220
set UPS.Output.PercentLoad 0
