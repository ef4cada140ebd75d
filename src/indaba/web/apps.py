from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "indaba.web"
    label = "indaba_web"
    verbose_name = "Indaba site"
