/* fuzz_upsmon_priv: the decoders of upsmon's parent/child frames
 * (clients/upsmon_priv.c) against arbitrary bytes, as recv() on the
 * SOCK_SEQPACKET socketpair hands them over (one record, any length).
 * Invariants: a frame is accepted only when it is exactly UMP_FRAME bytes
 * long; an accepted request is one of the two requests with status 0, an
 * accepted answer the answer to one of them with status 0 or -1; nothing is
 * both; encoding what was decoded gives back the same bytes. */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "upsmon_priv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ump_msg req, ans;
	uint8_t again[UMP_FRAME];
	int rq, an;

	memset(&req, 0xa5, sizeof(req));
	memset(&ans, 0xa5, sizeof(ans));
	rq = ump_decode_request(data, size, &req);
	an = ump_decode_answer(data, size, &ans);
	FUZZ_CHECK(rq == 0 || rq == -1);
	FUZZ_CHECK(an == 0 || an == -1);
	FUZZ_CHECK(!(rq == 0 && an == 0));
	if (rq == 0) {
		FUZZ_CHECK(size == UMP_FRAME);
		FUZZ_CHECK(req.type == UMP_REQ_PDFLAG || req.type == UMP_REQ_SHUTDOWN);
		FUZZ_CHECK(req.status == 0);
		ump_encode(&req, again);
		FUZZ_CHECK(memcmp(again, data, UMP_FRAME) == 0);
	}
	if (an == 0) {
		FUZZ_CHECK(size == UMP_FRAME);
		FUZZ_CHECK(ans.type == (UMP_ANSWER | UMP_REQ_PDFLAG) ||
		           ans.type == (UMP_ANSWER | UMP_REQ_SHUTDOWN));
		FUZZ_CHECK(ans.status == 0 || ans.status == -1);
		ump_encode(&ans, again);
		FUZZ_CHECK(memcmp(again, data, UMP_FRAME) == 0);
	}
	return 0;
}
