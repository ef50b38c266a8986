#ifndef TWOWAYD_CSYSTEMD_SHIM_H
#define TWOWAYD_CSYSTEMD_SHIM_H
/* The journal header otherwise turns sd_journal_sendv() into a macro that adds the C caller's
 * CODE_FILE/CODE_LINE/CODE_FUNC; Swift calls the plain function and sends its own location. */
#define SD_JOURNAL_SUPPRESS_LOCATION 1
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>
#endif
