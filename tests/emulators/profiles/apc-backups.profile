# APC Back-UPS shaped device: APC's vendor id 051d with the Back-UPS product id
# 0002 (NUT picks its APC subdriver), strings of a Back-UPS ES 850G2, and the
# report descriptor of an APC-like STM32 UPS firmware (apc-backups.hex, real
# descriptor data; origin noted there). Values as a Back-UPS on mains.
vendorid 051d
productid 0002
manufacturer "American Power Conversion"
product "Back-UPS ES 850G2 FW:931.a10.I USB FW:a10"
serial "4B1234P12345  "
descriptor apc-backups.hex
names apc
interval 1000

set UPS.PowerSummary.RemainingCapacity 100
set UPS.PowerSummary.RunTimeToEmpty 2220
set UPS.PowerSummary.Voltage 13.5
set UPS.PowerSummary.WarningCapacityLimit 50
set UPS.PowerSummary.RemainingCapacityLimit 10
set UPS.PowerSummary.RemainingTimeLimit 120
set UPS.PowerSummary.FullChargeCapacity 100
set UPS.PowerSummary.DesignCapacity 100
set UPS.PowerSummary.Rechargeable 1
set UPS.PowerSummary.CapacityMode 2
set UPS.PowerSummary.PresentStatus.ACPresent 1
set UPS.PowerSummary.PresentStatus.Charging 0
set UPS.PowerSummary.PresentStatus.Discharging 0
set UPS.PowerSummary.PresentStatus.FullyCharged 1
set UPS.PowerSummary.PresentStatus.BatteryPresent 1
set UPS.Input.Voltage 230
set UPS.Input.Frequency 50
set UPS.Input.ConfigVoltage 230
set UPS.Output.PercentLoad 12
set UPS.Output.ConfigActivePower 520
set UPS.Output.Voltage 230
set UPS.Output.Current 0.5
set UPS.Output.Frequency 50
set UPS.Battery.RunTimeToEmpty 2220
set UPS.Battery.RemainingTimeLimit 120
set UPS.Battery.Voltage 13.5
set UPS.Battery.ConfigVoltage 12
set UPS.Battery.Temperature 298.2
