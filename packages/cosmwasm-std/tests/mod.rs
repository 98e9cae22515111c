mod test_math;
