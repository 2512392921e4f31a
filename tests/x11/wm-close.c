/* Sends WM_DELETE_WINDOW to a window, as a window manager's close button
 * does (xdotool has no graceful close). Built by the desktop tests:
 * `wm-close <window id>...`. */
#include <X11/Xlib.h>
#include <stdlib.h>
#include <stdio.h>
int main(int argc, char **argv) {
  Display *d = XOpenDisplay(NULL); if (!d || argc < 2) return 1;
  for (int i = 1; i < argc; i++) {
  Window w = strtoul(argv[i], NULL, 0);
  XEvent e = {0}; e.xclient.type = ClientMessage; e.xclient.window = w;
  e.xclient.message_type = XInternAtom(d, "WM_PROTOCOLS", False); e.xclient.format = 32;
  e.xclient.data.l[0] = XInternAtom(d, "WM_DELETE_WINDOW", False); e.xclient.data.l[1] = CurrentTime;
  XSendEvent(d, w, False, NoEventMask, &e);
  }
  XFlush(d); XCloseDisplay(d); return 0;
}
