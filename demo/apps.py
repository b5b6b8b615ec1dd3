from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo content and its `load_demo` command: installed by the
    development and test settings only, never in production. It sits above
    every other app (it builds home pages, resources, events, discussions and
    search activity) and no app imports it."""

    name = "demo"
