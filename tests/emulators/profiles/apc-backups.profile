# APC Back-UPS shaped device (Back-UPS ES 850G2; what NUT 2.8.0 publishes for
# the real one: ../shared/data/ddl/APC__Back-UPS_ES_850G2__usbhid-ups__2.8.0__01.dev).
# APC's vendor id with the Back-UPS product id (NUT picks its APC subdriver);
# report descriptor apc-backups.hex, authored by us (mkdesc.py). Values: on
# mains, fully charged.
vendorid 051d
productid 0002
manufacturer "American Power Conversion"
product "Back-UPS ES 850G2 FW:938.a2 .I USB FW:a2"
serial "5B2250T99999  "
string 4 "PbAc"
descriptor apc-backups.hex
names apc
interval 1000

set UPS.PowerSummary.RemainingCapacity 100
set UPS.PowerSummary.RunTimeToEmpty 1572
set UPS.PowerSummary.PresentStatus.ACPresent 1
set UPS.PowerSummary.PresentStatus.FullyCharged 1
set UPS.PowerSummary.PresentStatus.BatteryPresent 1
set UPS.PowerSummary.RemainingCapacityLimit 10
set UPS.PowerSummary.WarningCapacityLimit 50
set UPS.PowerSummary.RemainingTimeLimit 120
set UPS.PowerSummary.FullChargeCapacity 100
set UPS.PowerSummary.CapacityMode 2
set UPS.PowerSummary.iDeviceChemistry 4
set UPS.PowerSummary.Rechargeable 1
set UPS.PowerSummary.Voltage 13.5
set UPS.PowerSummary.ConfigVoltage 12
set UPS.PowerSummary.AudibleAlarmControl 2
set UPS.PowerSummary.DelayBeforeShutdown -1
set UPS.PowerSummary.DelayBeforeReboot 0
# "No test initiated"
set UPS.Battery.Test 6
# 2022/12/13 as (year - 1980) * 512 + month * 32 + day
set UPS.Battery.ManufacturerDate 21901
set UPS.Input.Voltage 238
set UPS.Input.ConfigVoltage 230
set UPS.Input.LowVoltageTransfer 180
set UPS.Input.HighVoltageTransfer 266
set UPS.Output.PercentLoad 18
set UPS.Output.ConfigActivePower 520
