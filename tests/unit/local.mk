# unit tests (cmocka), one program per module
