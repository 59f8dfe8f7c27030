"""ETL: read health planning documents and extract their quantified targets."""
