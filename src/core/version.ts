// The toolkit's version, stamped into findings (`auto@<version>`) and reports.
export const VERSION = '0.1.0';
