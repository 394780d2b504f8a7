//! Models as tuples of layers: forward in order, backward in reverse (book 5.7.1's OrderedDict).
