# A generic HID Power Device Class UPS: the Arduino HIDPowerDevice library's
# descriptor (generic-pdc.hex, real descriptor data; origin noted there),
# standard usage pages only. Ids: Salicru's 2e66:0300, whose NUT subdriver
# maps the standard Power Device paths. (The library's own Leonardo ids
# 2341:8036 select NUT 2.8.0's Arduino subdriver, which looks for the HID
# interface 2 in configuration index 2 and so finds no single-configuration
# device; "interface 2" below plus those ids reproduces that.)
vendorid 2e66
productid 0300
manufacturer "Arduino LLC"
product "Arduino UPS"
serial "UPS10"
string 4 "PbAc"
string 5 "Open source"
descriptor generic-pdc.hex
names none
interface 0
interval 1000

set UPS.PowerSummary.iProduct 2
set UPS.PowerSummary.iSerialNumber 3
set UPS.PowerSummary.iManufacturer 1
set UPS.PowerSummary.Rechargeable 1
set UPS.PowerSummary.iDeviceChemistry 4
set UPS.PowerSummary.iOEMInformation 5
set UPS.PowerSummary.CapacityMode 2
set UPS.PowerSummary.CapacityGranularity1 1
set UPS.PowerSummary.CapacityGranularity2 1
set UPS.PowerSummary.FullChargeCapacity 100
set UPS.PowerSummary.DesignCapacity 100
set UPS.PowerSummary.RemainingCapacity 100
set UPS.PowerSummary.WarningCapacityLimit 10
set UPS.PowerSummary.RemainingCapacityLimit 5
set UPS.PowerSummary.RunTimeToEmpty 3600
set UPS.PowerSummary.RemainingTimeLimit 600
set UPS.PowerSummary.DelayBeforeShutdown -1
set UPS.PowerSummary.DelayBeforeReboot -1
set UPS.PowerSummary.ConfigVoltage 12
set UPS.PowerSummary.Voltage 13.2
set UPS.PowerSummary.AudibleAlarmControl 2
set UPS.PowerSummary.PresentStatus.ACPresent 1
set UPS.PowerSummary.PresentStatus.FullyCharged 1
set UPS.PowerSummary.PresentStatus.BatteryPresent 1
