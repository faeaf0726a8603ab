//! Import and export of the customer book as CSV and XLSX (filled in below).
