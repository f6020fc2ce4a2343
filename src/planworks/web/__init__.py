"""Server-rendered pages: the same services and access rules as the API, as HTML.

`pages.install(app)` adds them to the app of `planworks.api.app`; `views` gathers what
each page shows; `i18n` holds every string of the pages in English and Chinese.
"""
