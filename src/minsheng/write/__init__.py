"""Writing files safely: atomic, no clobbering, no symlinks; publishing a generated site."""
