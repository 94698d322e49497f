"""The quick select writes the very HTML that Django's select templates write, escaped the same way."""

from django import forms
from django.utils.translation import gettext_lazy

from plenary.core.widgets import QuickSelect

CHOICES = [
    ("", "All"),
    ("FR", "France"),
    ("X<Y", 'Tom & "Jerry" <b>'),
    ("ar", gettext_lazy("Arabic")),
    ("Near", [("EG", "Egypt"), ("JO", "Jordan")]),
    (3, "Three"),
]


def _pair(**kwargs):
    return forms.Select(choices=CHOICES, **kwargs), QuickSelect(choices=CHOICES, **kwargs)


def test_the_same_html_as_django_writes():
    for attrs in (None, {"id": "id_country", "required": True, "disabled": False, "aria-describedby": "x&y"}):
        for value in ("", "FR", "X<Y", "EG", 3, None, ["FR"]):
            plain, quick = _pair(attrs=attrs)
            assert quick.render("country", value) == plain.render("country", value), (attrs, value)


def test_in_a_form_the_value_is_selected_and_escaped():
    class Form(forms.Form):
        country = forms.ChoiceField(choices=CHOICES, required=False, widget=QuickSelect)

    html = str(Form({"country": "X<Y"})["country"])
    assert '<option value="X&lt;Y" selected>Tom &amp; &quot;Jerry&quot; &lt;b&gt;</option>' in html
    assert 'id="id_country"' in html and "<b>" not in html
