/* How a program's stdin reads the console (user/lib/glue_console.c):
 * canonical by default -- a terminal's line at a time, echoed, CR as the
 * line end, Ctrl-D as end of file (pure_linedisc.h) -- or raw, the bytes
 * as typed with nothing shown, for a program that edits its own lines
 * (the shell). One reading thread per process. */
#ifndef LAVENDER_USER_CONSOLE_MODE_H
#define LAVENDER_USER_CONSOLE_MODE_H

void console_set_raw(int raw);

#endif
