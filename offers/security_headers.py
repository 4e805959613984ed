"""Security headers Django and django-csp do not set themselves."""

# The site needs none of these browser features; saying so stops any embedded or
# injected content from asking for them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer",
        "microphone", "payment", "usb", "browsing-topics",
    )
)  # fmt: skip


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # Other sites may link to pages and booklets, but not load them into theirs.
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
