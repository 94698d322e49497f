app_name = "drafting"

urlpatterns: list = []
