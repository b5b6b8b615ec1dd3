"""The proposals moved from the resources app to contributions with their
rows, their files and the permissions groups hold on them: the migrations
run on a database that has proposals, as an installation upgraded from the
previous release has."""

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from contributions.models import Proposal, ProposalFile
from tests.transactional import TRANSACTIONAL_MODULE

pytestmark = TRANSACTIONAL_MODULE

#: The last state before the move: proposals in the resources app.
BEFORE = [("resources", "0007_attachments")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_proposals_files_and_permissions_survive_the_move(make_member, editor):
    old = migrate(BEFORE)
    try:
        member_id = make_member("lea@univ-test.example").pk
        Document = old.get_model("wagtaildocs", "Document")
        Collection = old.get_model("wagtailcore", "Collection")
        document = Document.objects.create(
            title="Plan de crise",
            file="documents/plan-de-crise.pdf",
            collection=Collection.objects.get(depth=1),
        )
        proposal = old.get_model("resources", "Proposal").objects.create(
            member_id=member_id,
            kind="job_profile",
            status="submitted",
            title="Community manager",
            language="fr",
            data={"title": "Community manager", "missions": "Animer"},
        )
        old.get_model("resources", "ProposalFile").objects.create(
            proposal=proposal, document=document
        )
        # An editor's right on the proposals, as an administrator grants it.
        old_type = old.get_model("contenttypes", "ContentType").objects.get(
            app_label="resources", model="proposal"
        )
        OldPermission = old.get_model("auth", "Permission")
        permission = OldPermission.objects.get(content_type=old_type, codename="change_proposal")
        old.get_model("auth", "Group").objects.get(name="Editors").permissions.add(permission)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    moved = Proposal.objects.get()
    assert (moved.pk, moved.member_id, moved.kind, moved.status) == (
        proposal.pk,
        member_id,
        "job_profile",
        "submitted",
    )
    assert moved.data == {"title": "Community manager", "missions": "Animer"}
    assert ProposalFile.objects.get(proposal=moved).document_id == document.pk
    # The same content type (and so the same permissions), now the app's.
    content_type = ContentType.objects.get_for_model(Proposal)
    assert content_type.pk == old_type.pk
    assert not ContentType.objects.filter(app_label="resources", model="proposal").exists()
    editors = Group.objects.get(name="Editors")
    assert editors.permissions.filter(pk=permission.pk, content_type=content_type).exists()
    assert editor.has_perm("contributions.change_proposal")
    tables = connection.introspection.table_names()
    assert "contributions_proposal" in tables and "resources_proposal" not in tables
