/* upsclient_err.c: libupsclient's error numbers: their texts (NUT's words,
 * which scripts match on: "Error: Driver not connected"), the map from upsd's
 * "ERR <word>" replies to them, and upscli_strerror. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "strutil.h"
#include "upsclient_int.h"

/* How each text is completed: not at all, with strerror(syserrno), or with
 * the connection's detail text. */
enum ucl_arg { ARG_NONE, ARG_ERRNO, ARG_DETAIL };

static const struct {
	const char *text;
	enum ucl_arg arg;
} ucl_errtab[UPSCLI_ERR_MAX + 1] = {
    [UPSCLI_ERR_UNKNOWN] = {"Unknown error", ARG_NONE},
    [UPSCLI_ERR_VARNOTSUPP] = {"Variable not supported by UPS", ARG_NONE},
    [UPSCLI_ERR_NOSUCHHOST] = {"No such host", ARG_NONE},
    [UPSCLI_ERR_INVRESP] = {"Invalid response from server", ARG_NONE},
    [UPSCLI_ERR_UNKNOWNUPS] = {"Unknown UPS", ARG_NONE},
    [UPSCLI_ERR_INVLISTTYPE] = {"Invalid list type", ARG_NONE},
    [UPSCLI_ERR_ACCESSDENIED] = {"Access denied", ARG_NONE},
    [UPSCLI_ERR_PWDREQUIRED] = {"Password required", ARG_NONE},
    [UPSCLI_ERR_PWDINCORRECT] = {"Password incorrect", ARG_NONE},
    [UPSCLI_ERR_MISSINGARG] = {"Missing argument", ARG_NONE},
    [UPSCLI_ERR_DATASTALE] = {"Data stale", ARG_NONE},
    [UPSCLI_ERR_VARUNKNOWN] = {"Variable unknown", ARG_NONE},
    [UPSCLI_ERR_LOGINTWICE] = {"Already logged in", ARG_NONE},
    [UPSCLI_ERR_PWDSETTWICE] = {"Already set password", ARG_NONE},
    [UPSCLI_ERR_UNKNOWNTYPE] = {"Unknown variable type", ARG_NONE},
    [UPSCLI_ERR_UNKNOWNVAR] = {"Unknown variable", ARG_NONE},
    [UPSCLI_ERR_VARREADONLY] = {"Read-only variable", ARG_NONE},
    [UPSCLI_ERR_TOOLONG] = {"New value is too long", ARG_NONE},
    [UPSCLI_ERR_INVALIDVALUE] = {"Invalid value for variable", ARG_NONE},
    [UPSCLI_ERR_SETFAILED] = {"Set command failed", ARG_NONE},
    [UPSCLI_ERR_UNKINSTCMD] = {"Unknown instant command", ARG_NONE},
    [UPSCLI_ERR_CMDFAILED] = {"Instant command failed", ARG_NONE},
    [UPSCLI_ERR_CMDNOTSUPP] = {"Instant command not supported", ARG_NONE},
    [UPSCLI_ERR_INVUSERNAME] = {"Invalid username", ARG_NONE},
    [UPSCLI_ERR_USERSETTWICE] = {"Already set username", ARG_NONE},
    [UPSCLI_ERR_UNKCOMMAND] = {"Unknown command", ARG_NONE},
    [UPSCLI_ERR_INVALIDARG] = {"Invalid argument", ARG_NONE},
    [UPSCLI_ERR_SENDFAILURE] = {"Send failure", ARG_ERRNO},
    [UPSCLI_ERR_RECVFAILURE] = {"Receive failure", ARG_ERRNO},
    [UPSCLI_ERR_SOCKFAILURE] = {"socket failure", ARG_ERRNO},
    [UPSCLI_ERR_BINDFAILURE] = {"bind failure", ARG_ERRNO},
    [UPSCLI_ERR_CONNFAILURE] = {"Connection failure", ARG_ERRNO},
    [UPSCLI_ERR_WRITE] = {"Write error", ARG_ERRNO},
    [UPSCLI_ERR_READ] = {"Read error", ARG_ERRNO},
    [UPSCLI_ERR_INVPASSWORD] = {"Invalid password", ARG_NONE},
    [UPSCLI_ERR_USERREQUIRED] = {"Username required", ARG_NONE},
    [UPSCLI_ERR_SSLFAIL] = {"SSL is not available", ARG_NONE},
    [UPSCLI_ERR_SSLERR] = {"SSL error", ARG_DETAIL},
    [UPSCLI_ERR_SRVDISC] = {"Server disconnected", ARG_NONE},
    [UPSCLI_ERR_DRVNOTCONN] = {"Driver not connected", ARG_NONE},
    [UPSCLI_ERR_NOMEM] = {"Memory allocation failure", ARG_NONE},
    [UPSCLI_ERR_PARSE] = {"Parse error", ARG_DETAIL},
    [UPSCLI_ERR_PROTOCOL] = {"Protocol error", ARG_NONE},
};

/* The words upsd answers after "ERR " and the error each one means. NUT's
 * library leaves INVALID-ARGUMENT as "Unknown error"; it has a number of its
 * own, so it gets it here. Words not listed (FEATURE-NOT-CONFIGURED ...)
 * are UPSCLI_ERR_UNKNOWN. */
static const struct {
	const char *word;
	int code;
} ucl_wordtab[] = {
    {"VAR-NOT-SUPPORTED", UPSCLI_ERR_VARNOTSUPP},
    {"UNKNOWN-UPS", UPSCLI_ERR_UNKNOWNUPS},
    {"ACCESS-DENIED", UPSCLI_ERR_ACCESSDENIED},
    {"PASSWORD-REQUIRED", UPSCLI_ERR_PWDREQUIRED},
    {"PASSWORD-INCORRECT", UPSCLI_ERR_PWDINCORRECT},
    {"MISSING-ARGUMENT", UPSCLI_ERR_MISSINGARG},
    {"DATA-STALE", UPSCLI_ERR_DATASTALE},
    {"VAR-UNKNOWN", UPSCLI_ERR_VARUNKNOWN},
    {"ALREADY-LOGGED-IN", UPSCLI_ERR_LOGINTWICE},
    {"ALREADY-SET-PASSWORD", UPSCLI_ERR_PWDSETTWICE},
    {"UNKNOWN-TYPE", UPSCLI_ERR_UNKNOWNTYPE},
    {"UNKNOWN-VAR", UPSCLI_ERR_UNKNOWNVAR},
    {"READONLY", UPSCLI_ERR_VARREADONLY},
    {"TOO-LONG", UPSCLI_ERR_TOOLONG},
    {"INVALID-VALUE", UPSCLI_ERR_INVALIDVALUE},
    {"SET-FAILED", UPSCLI_ERR_SETFAILED},
    {"UNKNOWN-INSTCMD", UPSCLI_ERR_UNKINSTCMD},
    {"INSTCMD-FAILED", UPSCLI_ERR_CMDFAILED},
    {"CMD-NOT-SUPPORTED", UPSCLI_ERR_CMDNOTSUPP},
    {"INVALID-USERNAME", UPSCLI_ERR_INVUSERNAME},
    {"ALREADY-SET-USERNAME", UPSCLI_ERR_USERSETTWICE},
    {"UNKNOWN-COMMAND", UPSCLI_ERR_UNKCOMMAND},
    {"INVALID-ARGUMENT", UPSCLI_ERR_INVALIDARG},
    {"INVALID-PASSWORD", UPSCLI_ERR_INVPASSWORD},
    {"USERNAME-REQUIRED", UPSCLI_ERR_USERREQUIRED},
    {"DRIVER-NOT-CONNECTED", UPSCLI_ERR_DRVNOTCONN},
};

int ucl_err_from_word(const char *word)
{
	size_t i;

	if (word == NULL)
		return UPSCLI_ERR_UNKNOWN;
	for (i = 0; i < sizeof(ucl_wordtab) / sizeof(ucl_wordtab[0]); i++)
		if (strcasecmp(word, ucl_wordtab[i].word) == 0)
			return ucl_wordtab[i].code;
	return UPSCLI_ERR_UNKNOWN;
}

int ucl_valid(const UPSCONN_t *ups)
{
	return ups != NULL && ups->upsclient_magic == UCL_MAGIC;
}

int ucl_fail(UPSCONN_t *ups, int code, int syserr)
{
	if (ups != NULL) {
		ups->upserror = code;
		ups->syserrno = syserr;
	}
	return -1;
}

int ucl_fail_detail(UPSCONN_t *ups, int code, const char *detail)
{
	if (ups != NULL && ups->priv != NULL &&
	    str_copy(ups->priv->detail, sizeof(ups->priv->detail), detail) < 0)
		/* The details are ours and short; a cut one would mislead, so say so. */
		(void)str_copy(ups->priv->detail, sizeof(ups->priv->detail), "(detail too long)");
	return ucl_fail(ups, code, 0);
}

const char *upscli_strerror(UPSCONN_t *ups)
{
	const char *extra;
	int e;

	if (!ucl_valid(ups))
		return "Invalid argument";
	e = ups->upserror;
	if (e < 0 || e > UPSCLI_ERR_MAX)
		return "Invalid error number";
	switch (ucl_errtab[e].arg) {
	case ARG_NONE:
		return ucl_errtab[e].text;
	case ARG_ERRNO:
		extra = strerror(ups->syserrno);
		break;
	case ARG_DETAIL:
	default:
		extra = ups->priv != NULL ? ups->priv->detail : "";
		break;
	}
	if (str_fmt(ups->errbuf, sizeof(ups->errbuf), "%s: %s", ucl_errtab[e].text, extra) < 0)
		return ucl_errtab[e].text; /* the bare text beats a cut one */
	return ups->errbuf;
}
