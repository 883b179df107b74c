"""Building blocks of the HTML report: inline SVG for the region map and the hemicycle."""
