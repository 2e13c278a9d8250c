# CyberPower shaped device (CP1500PFCLCD; what NUT publishes for the real one:
# ../shared/data/ddl/Cyber_Power_Systems__CP1500PFCLCD__usbhid-ups__2.7.1__01.dev).
# CyberPower's vendor id 0764 and product id 0501 (NUT's CyberPower
# subdriver); report descriptor cyberpower.hex, authored by us (mkdesc.py).
# The real unit's battery.voltage and output.voltage readings are marked bad
# in that dump; here they are sane (24 V battery, 120 V output).
vendorid 0764
productid 0501
manufacturer "CPS"
product "CP1500PFCLCD"
serial "CRCA102*AF1"
string 4 "PbAcid"
string 5 "CPS"
descriptor cyberpower.hex
names none
interval 1000

set UPS.PowerSummary.RemainingCapacity 100
set UPS.PowerSummary.RunTimeToEmpty 2878
set UPS.PowerSummary.PresentStatus.ACPresent 1
set UPS.PowerSummary.PresentStatus.FullyCharged 1
set UPS.PowerSummary.PresentStatus.BatteryPresent 1
set UPS.PowerSummary.RemainingCapacityLimit 10
set UPS.PowerSummary.WarningCapacityLimit 20
set UPS.PowerSummary.RemainingTimeLimit 300
set UPS.PowerSummary.CapacityMode 2
set UPS.PowerSummary.iDeviceChemistry 4
set UPS.PowerSummary.iOEMInformation 5
set UPS.PowerSummary.Voltage 24
set UPS.PowerSummary.ConfigVoltage 24
set UPS.PowerSummary.AudibleAlarmControl 2
set UPS.Output.DelayBeforeShutdown -1
set UPS.Output.DelayBeforeStartup -1
set UPS.Output.Test 6
set UPS.Input.Voltage 120
set UPS.Input.ConfigVoltage 120
set UPS.Input.LowVoltageTransfer 88
set UPS.Input.HighVoltageTransfer 139
set UPS.Output.Voltage 120
set UPS.Output.PercentLoad 17
set UPS.Output.ConfigActivePower 900
