"""The address a request came from, for rate limits and sign-in lockouts.

Behind a load balancer every request arrives from the balancer, so the reader's address
is in X-Forwarded-For. That header is trusted only as far as the operator says: with
DJANGO_TRUSTED_PROXIES=N, the Nth address from the right is the client (each proxy
appends the address it was called from); anything further left could be forged.
"""

from django.conf import settings


def client_ip(request):
    proxies = settings.TRUSTED_PROXIES
    if proxies:
        chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        chain = [part for part in chain if part]
        if len(chain) >= proxies:
            return chain[-proxies]
    return request.META.get("REMOTE_ADDR", "")
