"""What each output shows, as plain data: bulletin facts, site pages, the export book, wordings."""
