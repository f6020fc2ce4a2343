"""Planning: material balances, input-output, optimal plans (HiGHS), weak links, breakdown."""
