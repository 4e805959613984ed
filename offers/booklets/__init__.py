"""PDF booklets of the offer: what a booklet contains (`spec`), how it is made (`render`)
and how each one is made once and then served from storage (`store`)."""
