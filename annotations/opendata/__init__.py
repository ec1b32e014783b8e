"""Open data: W3C export and import (file reading, actor matching, bulk writes), claims as CSV and schema.org, the read API."""
