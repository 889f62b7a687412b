app_name = "training"

urlpatterns: list = []  # type: ignore[type-arg]
