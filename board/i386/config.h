/* i386: the parse's -O2 parts (CFG_HOT) cost 5 KB here, against 3 KB on
 * x86_64: off, to keep the full build under 150 KB (151,456 bytes; 153,888
 * with them). */
#define CFG_HOT 0
