mod test_decimal;
mod test_decimal256;
