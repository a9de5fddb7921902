"""Chinese text: the formatting of numbers, amounts and dates, and the tool's labels."""
