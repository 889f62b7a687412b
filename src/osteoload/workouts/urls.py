app_name = "workouts"

urlpatterns: list = []  # type: ignore[type-arg]
