/* the library of the PLT tests (t0070, t0079): main calls hot_fn through its PLT entry */
int hot_fn(int x) { return x + 1; }
