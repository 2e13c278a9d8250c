/* gen-udev: prints the udev rules file that lets the drivers' group open
 * every USB UPS in usbhid-ups's tables (uh_usbids), so that the rules and
 * the tables cannot drift apart. Run at build time; output on stdout. */
#include "config.h"

#include <stdio.h>

#include "usbhid.h"

int main(void)
{
	size_t i;

	printf("# 62-nut-usbups.rules: USB UPSes usbhid-ups knows; generated at build time\n"
	       "# from drivers/usbhid/maps.c, do not edit. The device node gets group %s,\n"
	       "# so the driver can open it after dropping root.\n"
	       "ACTION!=\"add|change\", GOTO=\"nut-usbups_rules_end\"\n"
	       "SUBSYSTEM==\"usb_device\", GOTO=\"nut-usbups_rules_real\"\n"
	       "SUBSYSTEM==\"usb\", GOTO=\"nut-usbups_rules_real\"\n"
	       "GOTO=\"nut-usbups_rules_end\"\n\n"
	       "LABEL=\"nut-usbups_rules_real\"\n",
	       RUN_AS_GROUP);
	for (i = 0; uh_usbids[i].vendorid != 0; i++)
		printf("# %s\nATTR{idVendor}==\"%04x\", ATTR{idProduct}==\"%04x\", MODE=\"664\", "
		       "GROUP=\"%s\"\n",
		       uh_usbids[i].subdriver, uh_usbids[i].vendorid, uh_usbids[i].productid,
		       RUN_AS_GROUP);
	printf("\nLABEL=\"nut-usbups_rules_end\"\n");
	return ferror(stdout) ? 1 : 0;
}
