// Cairo, from Debian's libcairo2-dev: the one backend that renders LifeLong's figures.
#include <cairo/cairo.h>
#include <cairo/cairo-pdf.h>
#include <cairo/cairo-svg.h>
