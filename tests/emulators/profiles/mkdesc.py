#!/usr/bin/env python3
"""mkdesc.py: writes the HID report descriptors we author for the emulated
UPS profiles (NAME.hex), from the tables below.

    python3 mkdesc.py NAME      (or: all)

The descriptors are written from the HID Power Device Class usage facts
(usage pages 0x84 Power Device and 0x85 Battery System, HID 1.11 item
encoding) and shaped so that NUT 2.8.0's usbhid-ups publishes for them the
variables of the matching ../shared/data/ddl dump (same paths, units and
value scaling). Every value a field carries is in a Feature report; the
status bits are also in an Input report with the SAME report id and layout
(NUT reads every report with GET_REPORT(Feature), so an Input report laid
out differently from the Feature report of its id would be misread).
"""
import sys

PD, BS, BK = 0x84, 0x85, 0x86
PAGES = {PD: 'Power Device', BS: 'Battery System', BK: 'Belkin vendor'}

NAMES = {
    # Power Device page (0x84)
    'iName': (PD, 0x01), 'PresentStatus': (PD, 0x02), 'UPS': (PD, 0x04),
    'BatterySystem': (PD, 0x10), 'Battery': (PD, 0x12), 'Charger': (PD, 0x14),
    'PowerConverter': (PD, 0x16), 'OutletSystem': (PD, 0x18), 'Input': (PD, 0x1a),
    'Output': (PD, 0x1c), 'Flow': (PD, 0x1e), 'Outlet': (PD, 0x20),
    'PowerSummary': (PD, 0x24), 'Voltage': (PD, 0x30), 'Current': (PD, 0x31),
    'Frequency': (PD, 0x32), 'ApparentPower': (PD, 0x33), 'ActivePower': (PD, 0x34),
    'PercentLoad': (PD, 0x35), 'Temperature': (PD, 0x36), 'ConfigVoltage': (PD, 0x40),
    'ConfigFrequency': (PD, 0x42), 'ConfigApparentPower': (PD, 0x43),
    'ConfigActivePower': (PD, 0x44), 'LowVoltageTransfer': (PD, 0x53),
    'HighVoltageTransfer': (PD, 0x54), 'DelayBeforeReboot': (PD, 0x55),
    'DelayBeforeStartup': (PD, 0x56), 'DelayBeforeShutdown': (PD, 0x57),
    'Test': (PD, 0x58), 'AudibleAlarmControl': (PD, 0x5a), 'Good': (PD, 0x61),
    'InternalFailure': (PD, 0x62), 'Overload': (PD, 0x65), 'OverTemperature': (PD, 0x67),
    'ShutdownRequested': (PD, 0x68), 'ShutdownImminent': (PD, 0x69),
    'SwitchOn/Off': (PD, 0x6b), 'Boost': (PD, 0x6e), 'Buck': (PD, 0x6f),
    'CommunicationLost': (PD, 0x73), 'iManufacturer': (PD, 0xfd), 'iProduct': (PD, 0xfe),
    'iSerialNumber': (PD, 0xff),
    # Battery System page (0x85)
    'RemainingCapacityLimit': (BS, 0x29), 'RemainingTimeLimit': (BS, 0x2a),
    'CapacityMode': (BS, 0x2c), 'BelowRemainingCapacityLimit': (BS, 0x42),
    'RemainingTimeLimitExpired': (BS, 0x43), 'Charging': (BS, 0x44),
    'Discharging': (BS, 0x45), 'FullyCharged': (BS, 0x46), 'FullyDischarged': (BS, 0x47),
    'NeedReplacement': (BS, 0x4b), 'RemainingCapacity': (BS, 0x66),
    'FullChargeCapacity': (BS, 0x67), 'RunTimeToEmpty': (BS, 0x68),
    'DesignCapacity': (BS, 0x83), 'ManufacturerDate': (BS, 0x85),
    'iDeviceChemistry': (BS, 0x89), 'Rechargeable': (BS, 0x8b),
    'WarningCapacityLimit': (BS, 0x8c), 'iOEMInformation': (BS, 0x8f),
    'ACPresent': (BS, 0xd0), 'BatteryPresent': (BS, 0xd1),
    # Belkin's vendor page (0x86), hidusage.c's names
    'BELKINBatterySystem': (BK, 0x10), 'BELKINInput': (BK, 0x1a), 'BELKINOutput': (BK, 0x1c),
    'BELKINConfig': (BK, 0x26), 'BELKINControls': (BK, 0x27), 'BELKINPowerState': (BK, 0x2a),
    'BELKINVoltage': (BK, 0x30), 'BELKINFrequency': (BK, 0x32), 'BELKINPercentLoad': (BK, 0x35),
    'BELKINCharge': (BK, 0x39), 'BELKINConfigVoltage': (BK, 0x40),
    'BELKINConfigFrequency': (BK, 0x42), 'BELKINConfigApparentPower': (BK, 0x43),
    'BELKINConfigBatteryVoltage': (BK, 0x44), 'BELKINLowVoltageTransfer': (BK, 0x53),
    'BELKINHighVoltageTransfer': (BK, 0x54), 'BELKINDelayBeforeStartup': (BK, 0x56),
    'BELKINDelayBeforeShutdown': (BK, 0x57), 'BELKINTest': (BK, 0x58),
    'BELKINAudibleAlarmControl': (BK, 0x5a), 'BELKINRunTimeToEmpty': (BK, 0x6c),
    'BELKINVoltageSensitivity': (BK, 0x74), 'BELKINUPSType': (BK, 0x7c),
}

# HID units (HID 1.11, 6.2.2.7) with the exponent that makes the logical
# value the published one; e.g. volts are 10^7 cgs units, so 'V' carries
# exponent 7 and 'dV' (0.1 V steps) 6.
UNITS = {
    None: (0, 0), '%': (0, 0), 's': (0x1001, 0), 'min': (0x1001, 0),
    'V': (0xf0d121, 7), 'dV': (0xf0d121, 6), 'A': (0x100001, 0), 'dA': (0x100001, -1),
    'cA': (0x100001, -2), 'Hz': (0xf001, 0), 'dHz': (0xf001, -1), 'W': (0xd121, 7),
    'VA': (0xd121, 7), 'K': (0x10001, 0), 'dK': (0x10001, -1), 'date': (0, 0),
    # Tripp Lite: NUT's TrippLite subdriver scales its voltages, frequencies
    # and currents by its own rule (observed: published = logical x
    # 10^(exponent - 2)), so these fields carry exponents that make it
    # publish volts, hertz and amperes from 0.1 V, 0.1 Hz and 0.01 A steps.
    'TL-dV': (0xf0d121, 1), 'TL-dHz': (0xf001, 1), 'TL-cA': (0x100001, 0),
}

CONST = object()


def F(rid, name, size, lmin, lmax, unit=None, kinds='f'):
    """A field: report id, usage name, bits, logical range, unit, and in
    which report types it appears: f(eature), i(nput) (same layout), o(utput)."""
    return ('field', rid, name, size, lmin, lmax, unit, kinds)


def C(name, children, kind=0x00):
    """A collection: 0 physical, 1 application, 2 logical, 0x80+n vendor (index [n])."""
    return ('coll', name, kind, children)


class Writer:
    def __init__(self):
        self.out = []  # (bytes, comment)
        self.g = {}
        self.page = None
        self.bits = {}  # (kind, rid) -> bits so far

    def item(self, tag, value, comment, nbytes=None, signed=True):
        if nbytes is None:
            if value == 0 and tag in (0x80, 0x90, 0xb0, 0xc0):
                nbytes = 0 if tag == 0xc0 else 1
            elif signed:
                nbytes = 1 if -128 <= value <= 127 else (2 if -32768 <= value <= 32767 else 4)
            else:
                nbytes = 1 if value <= 0xff else (2 if value <= 0xffff else 4)
        code = {0: 0, 1: 1, 2: 2, 4: 3}[nbytes]
        b = [tag | code] + [(value >> (8 * i)) & 0xff for i in range(nbytes)]
        self.out.append((b, comment))

    def glob(self, key, tag, value, comment, signed=True):
        if self.g.get(key) != value:
            self.g[key] = value
            self.item(tag, value, comment, signed=signed)

    def usage(self, name):
        page, uid = NAMES[name]
        if page != self.page:
            self.page = page
            self.item(0x04, page, 'Usage Page (%s)' % PAGES[page], signed=False)
        self.item(0x08, uid, 'Usage (%s)' % name, signed=False)

    def field(self, rid, name, size, lmin, lmax, unit, kinds):
        ucode, uexp = UNITS[unit]
        self.glob('rid', 0x84, rid, 'Report ID (%d)' % rid)
        self.glob('lmin', 0x14, lmin, 'Logical Minimum (%d)' % lmin)
        self.glob('lmax', 0x24, lmax, 'Logical Maximum (%d)' % lmax)
        self.glob('unit', 0x64, ucode, 'Unit (%s)' % (unit or 'none'), signed=False)
        self.glob('uexp', 0x54, uexp, 'Unit Exponent (%d)' % uexp)
        self.glob('size', 0x74, size, 'Report Size (%d)' % size)
        self.glob('count', 0x94, 1, 'Report Count (1)')
        for k in kinds:
            tag, word = {'f': (0xb0, 'Feature'), 'i': (0x80, 'Input'), 'o': (0x90, 'Output')}[k]
            self.usage(name)
            self.item(tag, 0x02, '%s (Data,Var,Abs)' % word)
            self.bits[(k, rid)] = self.bits.get((k, rid), 0) + size

    def walk(self, node):
        if node[0] == 'field':
            self.field(*node[1:])
            return
        _, name, kind, children = node
        self.usage(name)
        self.item(0xa0, kind, 'Collection (%s)' % {0: 'Physical', 1: 'Application', 2: 'Logical'}.get(
            kind, 'Vendor 0x%02x' % kind), nbytes=1, signed=False)
        for c in children:
            self.walk(c)
        self.pad_all()
        self.item(0xc0, 0, 'End Collection', nbytes=0)

    def pad_all(self):
        """Pads every report to whole bytes (constant bits)."""
        for (k, rid), bits in sorted(self.bits.items()):
            if bits % 8:
                n = 8 - bits % 8
                self.glob('rid', 0x84, rid, 'Report ID (%d)' % rid)
                self.glob('size', 0x74, 1, 'Report Size (1)')
                self.glob('count', 0x94, n, 'Report Count (%d)' % n)
                tag, word = {'f': (0xb0, 'Feature'), 'i': (0x80, 'Input'), 'o': (0x90, 'Output')}[k]
                self.item(tag, 0x03, '%s (Const) padding' % word)
                self.bits[(k, rid)] = bits + n

    def hexdump(self, header):
        lines = ['# ' + h for h in header]
        total = sum(len(b) for b, _ in self.out)
        lines.append('# %d bytes; generated by mkdesc.py (edit the table there, not this file)' % total)
        depth = 0
        for b, comment in self.out:
            if b[0] & 0xfc == 0xc0:
                depth -= 1
            lines.append('%-24s # %s%s' % (' '.join('%02x' % x for x in b), '  ' * depth, comment))
            if b[0] & 0xfc == 0xa0:
                depth += 1
        return '\n'.join(lines) + '\n'


def status_bits(rid, names):
    return C('PresentStatus', [F(rid, n, 1, 0, 1, None, 'fi') for n in names], 2)


STATUS = ['ACPresent', 'Charging', 'Discharging', 'BelowRemainingCapacityLimit',
          'RemainingTimeLimitExpired', 'FullyCharged', 'NeedReplacement', 'ShutdownImminent',
          'Overload', 'BatteryPresent']

DESCRIPTORS = {
    'apc-backups': (
        ['APC Back-UPS shaped (Back-UPS ES 850G2, ../shared/data/ddl/APC__Back-UPS_ES_850G2*):',
         'authored from the HID Power Device Class usages; not a copy of a real device\'s bytes.'],
        C('UPS', [
            C('PowerSummary', [
                F(1, 'RemainingCapacity', 8, 0, 100, '%', 'fi'),
                F(1, 'RunTimeToEmpty', 16, 0, 65535, 's', 'fi'),
                status_bits(1, STATUS),
                F(2, 'RemainingCapacityLimit', 8, 0, 100, '%'),
                F(2, 'WarningCapacityLimit', 8, 0, 100, '%'),
                F(2, 'RemainingTimeLimit', 16, 0, 65535, 's'),
                F(2, 'FullChargeCapacity', 8, 0, 100, '%'),
                F(2, 'CapacityMode', 8, 0, 3),
                F(2, 'iDeviceChemistry', 8, 0, 255),
                F(2, 'Rechargeable', 8, 0, 1),
                F(3, 'Voltage', 16, 0, 65535, 'dV'),
                F(3, 'ConfigVoltage', 16, 0, 65535, 'dV'),
                F(4, 'AudibleAlarmControl', 8, 1, 3),
                F(5, 'DelayBeforeShutdown', 16, -1, 32767, 's'),
                F(6, 'DelayBeforeReboot', 16, -1, 32767, 's'),
            ], 0),
            C('Battery', [
                F(7, 'Test', 8, 0, 6),
                F(8, 'ManufacturerDate', 16, 0, 65535, 'date'),
            ], 0),
            C('Input', [
                F(9, 'Voltage', 16, 0, 65535, 'dV'),
                F(10, 'ConfigVoltage', 16, 0, 65535, 'V'),
                F(10, 'LowVoltageTransfer', 16, 0, 65535, 'V'),
                F(10, 'HighVoltageTransfer', 16, 0, 65535, 'V'),
            ], 0),
            C('Output', [
                F(11, 'PercentLoad', 8, 0, 100, '%'),
                F(12, 'ConfigActivePower', 16, 0, 65535, 'W'),
            ], 0),
        ], 1)),
    'cyberpower': (
        ['CyberPower shaped (CP1500PFCLCD, ../shared/data/ddl/Cyber_Power_Systems__CP1500PFCLCD*):',
         'authored from the HID Power Device Class usages; not a copy of a real device\'s bytes.'],
        C('UPS', [
            C('PowerSummary', [
                F(1, 'RemainingCapacity', 8, 0, 100, '%', 'fi'),
                F(1, 'RunTimeToEmpty', 16, 0, 65535, 's', 'fi'),
                status_bits(1, STATUS),
                F(2, 'RemainingCapacityLimit', 8, 0, 100, '%'),
                F(2, 'WarningCapacityLimit', 8, 0, 100, '%'),
                F(2, 'RemainingTimeLimit', 16, 0, 65535, 's'),
                F(2, 'CapacityMode', 8, 0, 3),
                F(2, 'iDeviceChemistry', 8, 0, 255),
                F(2, 'iOEMInformation', 8, 0, 255),
                F(3, 'Voltage', 16, 0, 65535, 'dV'),
                F(3, 'ConfigVoltage', 16, 0, 65535, 'V'),
                F(4, 'AudibleAlarmControl', 8, 1, 3),
            ], 0),
            C('Input', [
                F(9, 'Voltage', 16, 0, 65535, 'dV'),
                F(10, 'ConfigVoltage', 16, 0, 65535, 'V'),
                F(10, 'LowVoltageTransfer', 16, 0, 65535, 'V'),
                F(10, 'HighVoltageTransfer', 16, 0, 65535, 'V'),
            ], 0),
            C('Output', [
                F(11, 'Voltage', 16, 0, 65535, 'dV'),
                F(11, 'PercentLoad', 8, 0, 100, '%'),
                F(12, 'ConfigActivePower', 16, 0, 65535, 'W'),
                F(5, 'DelayBeforeShutdown', 16, -1, 32767, 's'),
                F(6, 'DelayBeforeStartup', 16, -1, 32767, 's'),
                F(7, 'Test', 8, 0, 6),
            ], 0),
        ], 1)),
    'eaton': (
        ['Eaton shaped (5P 650, ../shared/data/ddl/Eaton__5P_650*): authored from the HID Power',
         'Device Class usages, vendor-typed collections give NUT\'s [n] path indices; not a copy',
         'of a real device\'s bytes.'],
        C('UPS', [
            C('PowerSummary', [
                F(1, 'RemainingCapacity', 8, 0, 100, '%', 'fi'),
                F(1, 'RunTimeToEmpty', 16, 0, 65535, 's', 'fi'),
                status_bits(1, STATUS),
                F(2, 'RemainingCapacityLimit', 8, 0, 100, '%'),
                F(2, 'iDeviceChemistry', 8, 0, 255),
                F(3, 'Voltage', 16, 0, 65535, 'dV'),
                F(3, 'PercentLoad', 8, 0, 100, '%'),
                F(4, 'AudibleAlarmControl', 8, 1, 3),
                F(5, 'DelayBeforeShutdown', 16, -1, 32767, 's'),
                F(6, 'DelayBeforeStartup', 16, -1, 32767, 's'),
            ], 0),
            C('BatterySystem', [
                C('Battery', [
                    F(7, 'Voltage', 16, 0, 65535, 'dV'),
                    F(7, 'ConfigVoltage', 16, 0, 65535, 'V'),
                    F(7, 'Test', 8, 0, 6),
                ], 0),
            ], 0),
            C('PowerConverter', [
                C('Input', [
                    F(9, 'Voltage', 16, 0, 65535, 'dV'),
                    F(9, 'Frequency', 16, 0, 65535, 'dHz'),
                    F(9, 'Current', 16, 0, 65535, 'cA'),
                ], 0x81),
                C('Output', [
                    F(10, 'Voltage', 16, 0, 65535, 'dV'),
                    F(10, 'Frequency', 16, 0, 65535, 'dHz'),
                    F(10, 'Current', 16, 0, 65535, 'cA'),
                    F(10, 'ApparentPower', 16, 0, 65535, 'VA'),
                    F(10, 'ActivePower', 16, 0, 65535, 'W'),
                ], 0),
            ], 0),
            C('Flow', [
                F(11, 'ConfigVoltage', 16, 0, 65535, 'V'),
                F(11, 'ConfigFrequency', 8, 0, 255, 'Hz'),
            ], 0x81),
            C('Flow', [
                F(12, 'ConfigVoltage', 16, 0, 65535, 'V'),
                F(12, 'ConfigFrequency', 8, 0, 255, 'Hz'),
                F(12, 'ConfigApparentPower', 16, 0, 65535, 'VA'),
                F(12, 'ConfigActivePower', 16, 0, 65535, 'W'),
            ], 0x84),
        ], 1)),
    'tripplite': (
        ['Tripp Lite shaped (SMART1500LCDT, ../shared/data/ddl/Tripp_Lite__SMART1500LCDT*):',
         'authored from the HID Power Device Class usages; not a copy of a real device\'s bytes.',
         'Paths and exponents as NUT 2.8.0\'s TrippLite subdriver reads them (see TL- units).'],
        C('UPS', [
            C('PowerSummary', [
                F(1, 'RemainingCapacity', 8, 0, 100, '%', 'fi'),
                F(1, 'RunTimeToEmpty', 16, 0, 65535, 's', 'fi'),
                status_bits(1, STATUS),
                F(2, 'RemainingCapacityLimit', 8, 0, 100, '%'),
                F(2, 'WarningCapacityLimit', 8, 0, 100, '%'),
                F(2, 'iDeviceChemistry', 8, 0, 255),
                F(3, 'AudibleAlarmControl', 8, 1, 3),
            ], 0),
            C('BatterySystem', [
                C('Battery', [
                    F(4, 'Voltage', 16, 0, 65535, 'TL-dV'),
                    F(4, 'ConfigVoltage', 16, 0, 65535, 'V'),
                ], 0),
            ], 0),
            C('PowerConverter', [
                C('Input', [
                    F(5, 'Voltage', 16, 0, 65535, 'TL-dV'),
                    F(5, 'Frequency', 16, 0, 65535, 'TL-dHz'),
                ], 0),
                C('Output', [
                    F(6, 'Voltage', 16, 0, 65535, 'TL-dV'),
                    F(6, 'Frequency', 16, 0, 65535, 'TL-dHz'),
                    F(6, 'Current', 16, 0, 65535, 'TL-cA'),
                    F(6, 'ActivePower', 16, 0, 65535, 'W'),
                ], 0),
            ], 0),
            C('Flow', [
                F(9, 'ConfigVoltage', 16, 0, 65535, 'V'),
                F(9, 'ConfigFrequency', 8, 0, 255, 'Hz'),
                F(9, 'ConfigApparentPower', 16, 0, 65535, 'VA'),
            ], 0),
        ], 1)),
    'belkin': (
        ['Belkin shaped (Regulator PRO-USB, ../shared/data/ddl/Belkin__Regulator_PRO-USB*):',
         'status, charge and runtime in the Power Device Class PowerSummary, the rest in',
         'Belkin\'s vendor page 0x86; authored by us, not a copy of a real device\'s bytes.'],
        C('UPS', [
            C('PowerSummary', [
                F(1, 'RemainingCapacity', 8, 0, 100, '%', 'fi'),
                F(1, 'RunTimeToEmpty', 16, 0, 65535, 's', 'fi'),
                status_bits(1, STATUS),
                F(2, 'RemainingCapacityLimit', 8, 0, 100, '%'),
                F(2, 'WarningCapacityLimit', 8, 0, 100, '%'),
                F(2, 'iDeviceChemistry', 8, 0, 255),
                F(3, 'Voltage', 16, 0, 65535, 'dV'),
                F(3, 'ConfigVoltage', 16, 0, 65535, 'V'),
                F(4, 'AudibleAlarmControl', 8, 1, 3),
            ], 0),
            C('BELKINConfig', [
                F(5, 'BELKINConfigVoltage', 16, 0, 65535),
                F(5, 'BELKINConfigFrequency', 8, 0, 255),
                F(5, 'BELKINConfigApparentPower', 16, 0, 65535),
                F(5, 'BELKINConfigBatteryVoltage', 8, 0, 255),
                F(6, 'BELKINLowVoltageTransfer', 16, 0, 65535),
                F(6, 'BELKINHighVoltageTransfer', 16, 0, 65535),
            ], 0),
            C('BELKINControls', [
                F(7, 'BELKINAudibleAlarmControl', 8, 0, 255),
                F(7, 'BELKINVoltageSensitivity', 8, 0, 255),
                F(8, 'BELKINDelayBeforeShutdown', 16, 0, 65535),
                F(8, 'BELKINDelayBeforeStartup', 16, 0, 65535),
                F(9, 'BELKINTest', 8, 0, 255),
            ], 0),
            C('BELKINPowerState', [
                C('BELKINInput', [
                    F(10, 'BELKINVoltage', 16, 0, 65535),
                    F(10, 'BELKINFrequency', 16, 0, 65535),
                ], 0),
                C('BELKINOutput', [
                    F(11, 'BELKINVoltage', 16, 0, 65535),
                    F(11, 'BELKINFrequency', 16, 0, 65535),
                    F(11, 'BELKINPercentLoad', 8, 0, 255),
                ], 0),
                C('BELKINBatterySystem', [
                    F(12, 'BELKINVoltage', 16, 0, 65535),
                    F(12, 'BELKINCharge', 8, 0, 255),
                    F(12, 'BELKINRunTimeToEmpty', 16, 0, 65535),
                ], 0),
            ], 0),
            F(13, 'BELKINUPSType', 8, 0, 255),
        ], 1)),
    'powercom': (
        ['Powercom shaped (RPT-600AP, ../shared/data/ddl/Powercom__RPT-600AP*): authored from the',
         'HID Power Device Class usages; not a copy of a real device\'s bytes.'],
        C('UPS', [
            C('PowerSummary', [
                F(1, 'RemainingCapacity', 8, 0, 100, '%', 'fi'),
                F(1, 'RunTimeToEmpty', 16, 0, 65535, 's', 'fi'),
                status_bits(1, STATUS),
                F(2, 'RemainingCapacityLimit', 8, 0, 100, '%'),
                F(2, 'WarningCapacityLimit', 8, 0, 100, '%'),
                F(2, 'iDeviceChemistry', 8, 0, 255),
                F(2, 'ManufacturerDate', 16, 0, 65535, 'date'),
                F(3, 'AudibleAlarmControl', 8, 1, 3),
                F(4, 'DelayBeforeShutdown', 16, -1, 32767, 's'),
                F(4, 'DelayBeforeStartup', 16, -1, 32767, 's'),
            ], 0),
            C('Battery', [
                F(5, 'Test', 8, 0, 6),
            ], 0),
            C('Input', [
                F(6, 'Voltage', 16, 0, 65535, 'V'),
                F(6, 'Frequency', 8, 0, 255, 'Hz'),
                F(6, 'ConfigVoltage', 16, 0, 65535, 'V'),
            ], 0),
            C('Output', [
                F(7, 'Voltage', 16, 0, 65535, 'V'),
                F(7, 'Frequency', 8, 0, 255, 'Hz'),
                F(7, 'ConfigVoltage', 16, 0, 65535, 'V'),
                F(7, 'PercentLoad', 8, 0, 100, '%'),
            ], 0),
        ], 1)),
}


def main():
    names = list(DESCRIPTORS) if sys.argv[1:] == ['all'] else sys.argv[1:]
    if not names:
        sys.exit('usage: mkdesc.py NAME... | all   (names: %s)' % ' '.join(DESCRIPTORS))
    for name in names:
        header, tree = DESCRIPTORS[name]
        w = Writer()
        w.walk(tree)
        with open(name + '.hex', 'w') as f:
            f.write(w.hexdump(header))


if __name__ == '__main__':
    main()
