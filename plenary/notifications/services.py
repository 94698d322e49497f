"""Following things and the digests that tell followers what became public about them.

A follow is confirmed by an account (signed in, same e-mail) or by the link e-mailed to the address; links are
signed (django.core.signing), so nothing secret is stored. A digest gathers every followed thing's news since the
last one into ONE e-mail per subscriber and period (never a flood), reads the event trail through core.visibility
(a follower reads only what they may see), is recorded before it is sent (so it is never sent twice), and carries
the one-click unsubscribe headers of RFC 8058.
"""

from __future__ import annotations

import datetime as dt

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from plenary.core import visibility
from plenary.core.mail import mail_send
from plenary.core.models import Event, EventVerb
from plenary.core.services import event_record
from plenary.core.site import absolute_url, site_url

from .models import Digest, Follow, Frequency, Notice, NoticeKind, Subscriber, TargetKind

CONFIRM_SALT = "plenary.notifications.confirm"
MANAGE_SALT = "plenary.notifications.manage"
CONFIRM_DAYS = 7
TARGET_MODELS = {
    TargetKind.GROUP: "groups.WorkingGroup",
    TargetKind.CALL: "consultations.Call",
    TargetKind.DRAFT: "drafting.Draft",
    TargetKind.ISSUE: "issues.Issue",
    TargetKind.MEETING: "meetings.Meeting",
}
# What a digest tells: things that became public or moved on, not every edit of a record.
DIGEST_VERBS = {
    EventVerb.PUBLISHED,
    EventVerb.VERSION_SAVED,
    EventVerb.MOVED,
    EventVerb.RELEASED,
    EventVerb.DISPOSED,
    EventVerb.EXTENDED,
    EventVerb.CREATED,
    EventVerb.BUILT,
}
PERIODS = {Frequency.IMMEDIATE: dt.timedelta(minutes=5), Frequency.DAILY: dt.timedelta(days=1)}
PERIODS[Frequency.WEEKLY] = dt.timedelta(days=7)
MAX_ITEMS = 200  # lines in one digest; beyond, the digest says how many more and links to the group


def manage_token(subscriber: Subscriber) -> str:
    return signing.dumps({"s": subscriber.pk}, salt=MANAGE_SALT)


def subscriber_from_token(token: str) -> Subscriber | None:
    try:
        data = signing.loads(token, salt=MANAGE_SALT)
    except signing.BadSignature:
        return None
    return Subscriber.objects.filter(pk=data.get("s")).first()


def _target(kind: str, pk: int):
    from django.apps import apps

    model = apps.get_model(TARGET_MODELS[TargetKind(kind)])
    return model._default_manager.filter(pk=pk).first()


def follow_request(*, user, email: str, target: models.Model, frequency: str, language: str = "en") -> Follow:
    """Follow something the public may see. Anyone may; a signed-in user following with their own account's
    confirmed e-mail is confirmed at once, anyone else gets a confirmation link by e-mail (nothing is sent to the
    address until it is confirmed). Raises ValidationError for something that cannot be followed. Records `followed`.
    """
    kind = next((k for k, label in TARGET_MODELS.items() if label == target._meta.label), None)
    if kind is None or not visibility.can_see(None, target):
        raise ValidationError(_("This cannot be followed."), code="not_followable")
    if frequency not in Frequency.values:
        raise ValidationError(_("Choose how often you want to hear."), code="frequency")
    email = email.strip().lower()
    # Only an address the account has confirmed is its own: anyone may type any address when signing up.
    own = bool(
        user
        and user.is_authenticated
        and user.email
        and user.email.lower() == email
        and getattr(user, "email_confirmed_at", None) is not None
    )
    group = visibility.group_of(target)
    with transaction.atomic():
        subscriber, _created = Subscriber.objects.get_or_create(email=email, defaults={"language": language})
        if own and subscriber.user_id is None:
            subscriber.user = user
        if own and subscriber.confirmed_at is None:
            subscriber.confirmed_at = timezone.now()
        if subscriber.confirmed_at is None or own:
            subscriber.frequency = frequency
        if subscriber.last_event_id == 0:
            subscriber.last_event_id = Event.objects.order_by("-id").values_list("id", flat=True).first() or 0
        subscriber.save()
        follow, _new = Follow.objects.get_or_create(
            subscriber=subscriber, kind=kind, object_pk=target.pk, defaults={"group": group, "label": str(target)[:300]}
        )
        event_record(actor=user, verb=EventVerb.FOLLOWED, target=follow, group_slug=group.slug)
    if subscriber.confirmed_at is None:
        _confirmation_send(subscriber, follow)
    return follow


def _confirmation_send(subscriber: Subscriber, follow: Follow) -> None:
    token = signing.dumps({"s": subscriber.pk, "f": follow.pk}, salt=CONFIRM_SALT)
    link = absolute_url(reverse("notifications:confirm", kwargs={"token": token}))
    with translation.override(subscriber.language):
        body = _(
            "Someone (we hope you) asked to follow “%(what)s” on %(site)s with this address.\n\n"
            "To confirm, open this link within %(days)d days:\n%(link)s\n\n"
            "If it was not you, do nothing: no other e-mail will come."
        ) % {"what": follow.label, "site": site_url(), "days": CONFIRM_DAYS, "link": link}
        mail_send(subject=_("Confirm that you want to follow “%(what)s”") % {"what": follow.label}, body=body,
                  to=[subscriber.email])  # fmt: skip


def follow_confirm(*, token: str) -> Subscriber:
    """Confirm an address by the link sent to it. Raises PermissionDenied for a wrong or expired link."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=dt.timedelta(days=CONFIRM_DAYS))
    except signing.BadSignature as error:
        raise PermissionDenied(_("This confirmation link is wrong or has expired: follow again.")) from error
    subscriber = Subscriber.objects.filter(pk=data.get("s")).first()
    if subscriber is None:
        raise PermissionDenied(_("This confirmation link is wrong or has expired: follow again."))
    if subscriber.confirmed_at is None:
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
        follow = subscriber.follows.first()
        if follow is not None:
            event_record(actor=None, verb=EventVerb.CONFIRMED, target=follow, group_slug=follow.group.slug)
    return subscriber


def follow_remove(*, subscriber: Subscriber, follow_id: int | None = None) -> int:
    """Stop following one thing, or everything (follow_id None: unsubscribe). Returns how many follows went."""
    follows = subscriber.follows.all() if follow_id is None else subscriber.follows.filter(pk=follow_id)
    removed = 0
    with transaction.atomic():
        for follow in follows.select_related("group"):
            event_record(actor=None, verb=EventVerb.UNFOLLOWED, target=follow, group_slug=follow.group.slug)
            follow.delete()
            removed += 1
    return removed


def frequency_set(*, subscriber: Subscriber, frequency: str) -> None:
    if frequency not in Frequency.values:
        raise ValidationError(_("Choose how often you want to hear."), code="frequency")
    subscriber.frequency = frequency
    subscriber.save(update_fields=["frequency"])


# What an event is about ----------------------------------------------------------------------------------------------


def concerns(obj: models.Model) -> set[tuple[str, int]]:
    """The followable things an object's news is about: its group, and its call, draft, issues or meeting."""
    label = obj._meta.label
    group = visibility.group_of(obj) if visibility.has_rule(type(obj)) else None
    out: set[tuple[str, int]] = {(TargetKind.GROUP, group.pk)} if group is not None else set()
    if label == "consultations.Call":
        out.add((TargetKind.CALL, obj.pk))
    elif label == "consultations.Contribution":
        out.add((TargetKind.CALL, obj.call_id))
        out |= {(TargetKind.ISSUE, pk) for pk in obj.issues.values_list("pk", flat=True)}
    elif label == "drafting.Draft":
        out.add((TargetKind.DRAFT, obj.pk))
        out |= {(TargetKind.ISSUE, pk) for pk in obj.issues.values_list("pk", flat=True)}
    elif label in {"drafting.ParagraphComment", "drafting.DraftVersion"}:
        out.add((TargetKind.DRAFT, obj.draft_id))
    elif label in {"assessment.IssueAssessment"}:
        out.add((TargetKind.ISSUE, obj.issue_id))
    elif label in {"assessment.Finding"}:
        out.add((TargetKind.ISSUE, obj.assessment.issue_id))
    elif label == "issues.Issue":
        out.add((TargetKind.ISSUE, obj.pk))
    elif label == "meetings.Meeting":
        out.add((TargetKind.MEETING, obj.pk))
    elif label in {"meetings.Document", "meetings.Session"}:
        meeting_id = getattr(obj, "meeting_id", None)
        if meeting_id:
            out.add((TargetKind.MEETING, meeting_id))
    return out


# Digests -----------------------------------------------------------------------------------------------------------


def _due(subscriber: Subscriber, now: dt.datetime) -> bool:
    if subscriber.last_sent_at is None:
        return True
    return now - subscriber.last_sent_at >= PERIODS[Frequency(subscriber.frequency)] - dt.timedelta(minutes=1)


def digest_items(subscriber: Subscriber, *, upto: int) -> list[dict]:
    """What happened to the things this subscriber follows, since their last digest, that they may see."""
    follows = {(f.kind, f.object_pk): f for f in subscriber.follows.select_related("group")}
    if not follows:
        return []
    slugs = {f.group.slug for f in follows.values()}
    events = (
        Event.objects.filter(id__gt=subscriber.last_event_id, id__lte=upto, group_slug__in=slugs, verb__in=DIGEST_VERBS)
        .select_related("target_type")
        .order_by("id")
    )
    viewer = subscriber.user if subscriber.user_id else None
    items, seen = [], set()
    for event in events.iterator(chunk_size=500):
        target = event.target
        if target is None or not visibility.has_rule(type(target)) or not visibility.can_see(viewer, target):
            continue
        about = concerns(target) & set(follows)
        if not about:
            continue
        key = (event.target_type_id, event.target_id, event.verb)
        if key in seen:
            continue
        seen.add(key)
        url = target.get_absolute_url() if hasattr(target, "get_absolute_url") else ""
        items.append(
            {
                "when": event.created_at,
                "what": event.get_verb_display(),
                "detail": _detail(event, target),
                "label": event.target_label,
                "url": absolute_url(url) if url else "",
                "follows": sorted(follows[k].label for k in about),
            }
        )
    return items


def _choice_then(event: Event, target: models.Model, name: str) -> str:
    """The label of the value a field took in this event (from the trail's from -> to), not the value it has now."""
    to = ((event.changes or {}).get(name) or [None, None])[-1]
    field = next((f for f in target._meta.fields if f.name == name), None)
    if to in (None, "") or field is None:
        return ""
    return str(dict(field.choices or []).get(to, to))


def _detail(event: Event, target: models.Model) -> str:
    """What the news was, in a word: the disposition given, the version saved, the status a draft moved to."""
    if event.verb == EventVerb.DISPOSED:
        return _choice_then(event, target, "disposition")
    if event.verb == EventVerb.VERSION_SAVED and (event.changes or {}).get("version"):
        return _("version %(n)s") % {"n": event.changes["version"][-1]}
    if event.verb == EventVerb.MOVED:
        return _choice_then(event, target, "status")
    return ""


def digests_send(*, now: dt.datetime | None = None) -> int:
    """Send every due digest. The worker calls it every few minutes; returns how many e-mails were queued.

    Each digest is recorded (with the window of events it covered) in the transaction that moves the subscriber's
    high-water mark, and its e-mail is queued on commit: a retry after a crash finds the window done.
    """
    now = now or timezone.now()
    upto = Event.objects.order_by("-id").values_list("id", flat=True).first() or 0
    sent = 0
    for subscriber in Subscriber.objects.filter(confirmed_at__isnull=False, follows__isnull=False).distinct():
        if not _due(subscriber, now) or subscriber.last_event_id >= upto:
            continue
        with transaction.atomic():
            locked = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
            if locked.last_event_id >= upto:
                continue
            items = digest_items(locked, upto=upto)
            start = locked.last_event_id
            locked.last_event_id = upto
            if items:
                Digest.objects.create(subscriber=locked, from_event_id=start, to_event_id=upto, items=len(items))
                locked.last_sent_at = now
                _digest_mail(locked, items)
                for slug in sorted({f.group.slug for f in locked.follows.select_related("group")}):
                    event_record(actor=None, verb=EventVerb.DIGEST_SENT, target=locked, group_slug=slug,
                                 note=f"{len(items)} items")  # fmt: skip
                sent += 1
            locked.save(update_fields=["last_event_id", "last_sent_at"])
    return sent


def _digest_mail(subscriber: Subscriber, items: list[dict]) -> None:
    from django.template.loader import render_to_string

    token = manage_token(subscriber)
    manage = absolute_url(reverse("notifications:manage", kwargs={"token": token}))
    unsubscribe = absolute_url(reverse("notifications:unsubscribe", kwargs={"token": token}))
    with translation.override(subscriber.language):
        body = render_to_string(
            "notifications/digest.txt",
            {"items": items[:MAX_ITEMS], "more": max(0, len(items) - MAX_ITEMS), "manage": manage,
             "unsubscribe": unsubscribe, "site": site_url(), "frequency": subscriber.get_frequency_display()},
        )  # fmt: skip
        subject = _("What is new on what you follow (%(n)d)") % {"n": len(items)}
    mail_send(
        subject=subject,
        body=body,
        to=[subscriber.email],
        headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


# Notices: one e-mail per event to the person whose input it is about ----------------------------------------------


def notice_send(*, key: str, kind: str, target: models.Model, to: str, subject: str, body: str) -> bool:
    """E-mail the sender of a piece of input about one event of it, at most once per event.

    Any service may call it, inside the transaction that records the event: the notice row (unique by `key`) and
    a `notified` entry on the target's trail are written with it, and the e-mail is queued for the task worker
    when it commits (nothing is sent about a rolled-back event). Returns False, and sends nothing, when this
    event was told already or there is no address (erased personal data; the samples' `.invalid` ones).
    """
    to = (to or "").strip()
    if not to or to.lower().endswith(".invalid"):  # erased, or a sample's address that can never be delivered
        return False
    group = visibility.group_of(target) if visibility.has_rule(type(target)) else None
    with transaction.atomic():
        try:
            with transaction.atomic():
                Notice.objects.create(key=key[:200], kind=kind, group=group)
        except IntegrityError:
            return False
        event_record(actor=None, verb=EventVerb.NOTIFIED, target=target, note=str(NoticeKind(kind).label))
        mail_send(subject=str(subject), body=str(body), to=[to])
    return True


def follows_erase(user) -> int:
    """A deleted account's follows go with it: those it made, and those of its address once it was confirmed."""
    subscribers = Subscriber.objects.filter(user=user)
    if user.email and user.email_confirmed_at is not None:
        subscribers = Subscriber.objects.filter(models.Q(user=user) | models.Q(email__iexact=user.email))
    removed = 0
    for subscriber in subscribers:
        removed += follow_remove(subscriber=subscriber)
        subscriber.delete()
    return removed


def follows_of(user) -> list[dict]:
    """What an account follows, for its "My contributions" page: its own subscriptions (made signed in with the
    account's address), each with the signed link that manages it."""
    subscribers = Subscriber.objects.filter(user=user).prefetch_related("follows__group")
    return [{"subscriber": s, "follows": list(s.follows.all()), "token": manage_token(s)} for s in subscribers]
