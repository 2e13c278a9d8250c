# Eaton shaped device (5P 650; what NUT publishes for the real one:
# ../shared/data/ddl/Eaton__5P_650__usbhid-ups__2.7.4__01.dev). Eaton's vendor
# id 0463 and product id ffff (NUT's MGE subdriver); report descriptor
# eaton.hex, authored by us (mkdesc.py), with the core variables only.
vendorid 0463
productid ffff
manufacturer "EATON"
product "5P"
serial "G114L41071"
string 4 "PbAc"
descriptor eaton.hex
names mge
interval 1000

set UPS.PowerSummary.RemainingCapacity 100
set UPS.PowerSummary.RunTimeToEmpty 1575
set UPS.PowerSummary.PresentStatus.ACPresent 1
set UPS.PowerSummary.PresentStatus.Charging 1
set UPS.PowerSummary.PresentStatus.BatteryPresent 1
set UPS.PowerSummary.RemainingCapacityLimit 20
set UPS.PowerSummary.iDeviceChemistry 4
set UPS.PowerSummary.Voltage 13.7
set UPS.PowerSummary.PercentLoad 21
set UPS.PowerSummary.AudibleAlarmControl 2
set UPS.PowerSummary.DelayBeforeShutdown -1
set UPS.PowerSummary.DelayBeforeStartup -1
set UPS.BatterySystem.Battery.Voltage 13.7
set UPS.BatterySystem.Battery.ConfigVoltage 12
set UPS.BatterySystem.Battery.Test 1
set UPS.PowerConverter.Input.[1].Voltage 235.9
set UPS.PowerConverter.Input.[1].Frequency 49.9
set UPS.PowerConverter.Input.[1].Current 0.7
set UPS.PowerConverter.Output.Voltage 235.9
set UPS.PowerConverter.Output.Frequency 49.9
set UPS.PowerConverter.Output.Current 0.6
set UPS.PowerConverter.Output.ApparentPower 142
set UPS.PowerConverter.Output.ActivePower 76
set UPS.Flow.[1].ConfigVoltage 230
set UPS.Flow.[1].ConfigFrequency 50
set UPS.Flow.[4].ConfigVoltage 230
set UPS.Flow.[4].ConfigFrequency 50
set UPS.Flow.[4].ConfigApparentPower 650
set UPS.Flow.[4].ConfigActivePower 420
