// zlib, from Debian's zlib1g-dev: gzip decompression of the MNIST files.
#include <zlib.h>
