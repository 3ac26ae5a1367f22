"""End to end in a real headless Chromium (Debian's, driven by Playwright): a petugas opens
a case and hands it over, the verifikator sends it back, it comes back complete, the Kabag
issues the recommendation; meanwhile another case goes late and the Kabag sees it on
Pengawasan. The app runs under uvicorn on a loopback port, its clock shared with the test.

A screenshot of each page is kept in the test's folder, and copied to $ALUR_SCREENSHOTS
when that names a folder (docs/screenshots/ holds the ones shown in the README)."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from app.cases import Applicant, advance_case, open_case
from tests.web.support import PBJ, sample_nip

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PETUGAS = sample_nip("pekalongan", "PBJ", "petugas")
VERIFIKATOR = sample_nip("pekalongan", "PBJ", "verifikator")
KABAG = sample_nip("pekalongan", "PBJ", "kabag")
ADMIN = sample_nip("pekalongan", None, "admin")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}"),
]


class _Server(uvicorn.Server):
    """uvicorn in a thread, saying when it listens."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.ready = threading.Event()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        self.ready.set()


@pytest.fixture
def served(web_app) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = _Server(uvicorn.Config(web_app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
    thread.start()
    assert server.ready.wait(30), "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(30)


class Office:
    """One browser; each person signs in in their own context (their own cookies)."""

    def __init__(self, browser, base: str, password: str, shots: Path) -> None:
        self.browser, self.base, self.password, self.shots = browser, base, password, shots

    def person(self, nip: str, *, phone: bool = False):
        size = {"width": 390, "height": 844} if phone else {"width": 1366, "height": 768}
        page = self.browser.new_context(viewport=size).new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        page.goto(f"{self.base}/masuk")
        page.fill("input[name=nip]", f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}")
        page.fill("input[name=password]", self.password)
        page.click("button:has-text('Masuk')")
        return page

    def shot(self, page, name: str, *, full: bool = True) -> None:
        page.screenshot(path=str(self.shots / f"web-{name}.png"), full_page=full)


def _step(page, trigger: str, note: str = "") -> None:
    form = page.locator("form.action", has=page.locator(f"button[data-trigger={trigger}]"))
    if note:
        form.locator("textarea").fill(note)
    form.locator("button").click()
    page.wait_for_selector(".flash")


def test_a_case_from_the_counter_to_the_kabag_while_another_goes_late(
    served, web_app, clock, password, tmp_path
):
    from playwright.sync_api import sync_playwright

    engine = web_app.state.engine
    late = open_case(engine, PBJ, Applicant("Dinas Perhubungan"), PETUGAS, clock(),
                     variant="barang")  # fmt: skip
    advance_case(engine, late, "serahkan_ke_verifikator", PETUGAS, clock())
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--no-sandbox", "--disable-gpu"])  # fmt: skip
        office = Office(browser, served, password, tmp_path)
        ref = _counter(office)
        _verifier_sends_back(office, ref)
        _comes_back_complete(office, ref)
        _kabag_issues(office, ref)
        clock.advance(days=7)  # the other case's 4 hari kerja are over
        _kabag_sees_the_late_case(office, late)
        _admin_and_phone(office)
        browser.close()
    keep = os.environ.get("ALUR_SCREENSHOTS")
    for shot in sorted(tmp_path.glob("web-*.png")):
        assert shot.stat().st_size > 10_000
        if keep:
            shutil.copy(shot, Path(keep) / shot.name)


def _counter(office: Office) -> str:
    page = office.person(PETUGAS)
    assert page.url.endswith("/tugas")
    page.click("text=Permohonan baru")
    page.click(f'a[href="/permohonan-baru?layanan={PBJ}"]')
    assert page.locator("input[value=kontrak-konstruksi]").count() == 0  # barang first
    page.select_option("select[name=variant]", "konstruksi-tender")
    page.wait_for_selector("input[value=kontrak-konstruksi]")  # swapped in by HTMX
    page.select_option("select[name=variant]", "barang")
    page.wait_for_selector("input[value=kontrak-konstruksi]", state="detached")
    page.fill("input[name=applicant]", "Dinas Pekerjaan Umum dan Penataan Ruang")
    page.fill("input[name=org]", "Bidang Bina Marga")
    page.check("input[value=rup]")
    office.shot(page, "permohonan-baru")
    page.click("button:has-text('Daftarkan')")
    page.wait_for_selector("text=Tanda Terima Berkas")
    assert "Janji selesai" in page.content()
    office.shot(page, "tanda-terima")
    ref = page.locator(".ref.big").inner_text().strip()
    page.click("text=Buka permohonan")
    _step(page, "serahkan_ke_verifikator", "berkas diterima di loket")
    assert "Verifikator memverifikasi" in page.locator("dl").first.inner_text()
    return ref


def _verifier_sends_back(office: Office, ref: str) -> None:
    page = office.person(VERIFIKATOR)
    assert ref in page.content()  # on the verifikator's Tugas
    office.shot(page, "tugas")
    page.click(f"text={ref}")
    _step(page, "kembalikan_tidak_lengkap", "HPS belum ditandatangani PPK")
    assert "PD melengkapi berkas" in page.locator("dl").first.inner_text()
    assert page.locator("svg.diagram-svg").is_visible()  # the drawn diagram, its step marked
    assert page.locator("svg.diagram-svg g.d-current[aria-current=step] rect").is_visible()
    office.shot(page, "permohonan")


def _comes_back_complete(office: Office, ref: str) -> None:
    counter = office.person(PETUGAS)
    counter.goto(f"{office.base}/permohonan/{ref}")
    _step(counter, "serahkan_kembali", "HPS sudah ditandatangani")
    page = office.person(VERIFIKATOR)
    page.goto(f"{office.base}/permohonan/{ref}")
    for box in page.locator("ul.checklist input[name=item]").all():
        box.check()
    page.click("button:has-text('Centang yang dipilih')")
    page.wait_for_selector("text=persyaratan lengkap")
    _step(page, "nyatakan_lengkap")


def _kabag_issues(office: Office, ref: str) -> None:
    page = office.person(KABAG)
    page.goto(f"{office.base}/permohonan/{ref}")
    _step(page, "terbitkan_rekomendasi", "Surat Rekomendasi Pembayaran terbit")
    assert "PD mengambil dokumen" in page.locator("dl").first.inner_text()
    page.goto(f"{office.base}/cari")
    page.fill("input[name=q]", "Pekerjaan Umum")  # HTMX fetches the results as one types
    page.wait_for_selector(f"#hasil a:has-text('{ref}')")
    assert page.url.endswith("/cari?q=Pekerjaan%20Umum")  # pushed: the back button works
    office.shot(page, "cari")


def _kabag_sees_the_late_case(office: Office, late: str) -> None:
    page = office.person(KABAG)
    page.click("text=Pengawasan")
    section = page.locator("section", has=page.locator("h2:has-text('Terlambat sekarang')"))
    assert late in section.inner_text()
    assert page.locator(".charts svg").count() >= 1
    office.shot(page, "pengawasan")
    section.locator(f"text={late}").click()
    assert "terlambat" in page.locator(".badge").first.inner_text()


def _admin_and_phone(office: Office) -> None:
    page = office.person(ADMIN)
    page.click("text=Admin")
    office.shot(page, "admin", full=False)
    row = page.locator("tr", has=page.locator(f"td.ref:text-is('{KABAG}')"))
    row.locator("button:has-text('Atur ulang sandi')").click()
    assert "sementara-" in page.locator("p.notice code").inner_text()
    assert page.url == f"{office.base}/admin"  # redirected after the reset
    page.reload()  # a GET: neither a second reset nor the password again
    assert page.locator("p.notice code").count() == 0
    phone = office.person(VERIFIKATOR, phone=True)
    office.shot(phone, "tugas-ponsel")
    phone.context.clear_cookies()
    phone.goto(f"{office.base}/masuk")
    office.shot(phone, "masuk")
