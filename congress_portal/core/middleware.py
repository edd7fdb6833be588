from django.middleware.locale import LocaleMiddleware


class PortalLocaleMiddleware(LocaleMiddleware):
    """Simplified Chinese unless the person chose another language with the switch (its cookie).

    The browser's Accept-Language is ignored: many office PCs and phones report English, and the
    portal's default is Chinese.
    """

    def process_request(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)
