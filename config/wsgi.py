import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# What is loaded by now (Django, the apps, the URL conf, templates) lives as long as the process: keep it
# out of the collector's full passes, which a request's garbage triggers (about 5 % of a large page's
# instructions otherwise; docs/performance.md). With a pre-loading server it also keeps those pages shared
# between forked workers.
gc.freeze()
