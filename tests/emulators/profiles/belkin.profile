# Belkin shaped device (Regulator PRO-USB; what NUT publishes for the real
# one: ../shared/data/ddl/Belkin__Regulator_PRO-USB__usbhid-ups__2.6.5__01.dev).
# Belkin's vendor id 050d, product id 0980 (NUT's Belkin subdriver); report
# descriptor belkin.hex, authored by us (mkdesc.py): status, charge and
# runtime in the standard PowerSummary, configuration, controls and
# measurements in Belkin's vendor page 0x86 (unitless fields, values as
# the device counts them).
vendorid 050d
productid 0980
manufacturer "BELKIN"
product "UPS"
serial "01"
string 4 "PbAc"
descriptor belkin.hex
names belkin
interval 1000

set UPS.PowerSummary.RemainingCapacity 100
set UPS.PowerSummary.RunTimeToEmpty 210
set UPS.PowerSummary.PresentStatus.ACPresent 1
set UPS.PowerSummary.PresentStatus.FullyCharged 1
set UPS.PowerSummary.PresentStatus.BatteryPresent 1
set UPS.PowerSummary.RemainingCapacityLimit 40
set UPS.PowerSummary.WarningCapacityLimit 50
set UPS.PowerSummary.iDeviceChemistry 4
set UPS.PowerSummary.Voltage 13.9
set UPS.PowerSummary.ConfigVoltage 12
set UPS.PowerSummary.AudibleAlarmControl 2
set UPS.BELKINConfig.BELKINConfigVoltage 120
set UPS.BELKINConfig.BELKINConfigFrequency 60
set UPS.BELKINConfig.BELKINConfigApparentPower 500
set UPS.BELKINConfig.BELKINConfigBatteryVoltage 12
set UPS.BELKINConfig.BELKINLowVoltageTransfer 85
set UPS.BELKINConfig.BELKINHighVoltageTransfer 145
set UPS.BELKINControls.BELKINAudibleAlarmControl 2
set UPS.BELKINControls.BELKINVoltageSensitivity 0
set UPS.BELKINControls.BELKINDelayBeforeShutdown 0
set UPS.BELKINControls.BELKINDelayBeforeStartup 0
set UPS.BELKINControls.BELKINTest 0
set UPS.BELKINPowerState.BELKINInput.BELKINVoltage 1200
set UPS.BELKINPowerState.BELKINInput.BELKINFrequency 599
set UPS.BELKINPowerState.BELKINOutput.BELKINVoltage 1200
set UPS.BELKINPowerState.BELKINOutput.BELKINFrequency 599
set UPS.BELKINPowerState.BELKINOutput.BELKINPercentLoad 0
set UPS.BELKINPowerState.BELKINBatterySystem.BELKINVoltage 139
set UPS.BELKINPowerState.BELKINBatterySystem.BELKINCharge 100
set UPS.BELKINPowerState.BELKINBatterySystem.BELKINRunTimeToEmpty 210
set UPS.BELKINUPSType 0
