"""Text as characters: one form for every line (textclean), numbers and dates (numbers), and which numbers
of a text may be figures (figures: masks for dates, codes, phone numbers, ...). Below the Document."""
