"""The shipped obligations with their legal bases (domain.md §9). Frequencies, due dates and thresholds are
the city's settings (the circular's text is not public); the admin pemda changes them on the rules page.

Installed for a pemda by `services.obligations_install_defaults` (the data migration, `seeddemo`, and the
"Pasang aturan bawaan" button of the rules page for a new pemda). Text here is Indonesian data, like a
questionnaire file: it is stored, then edited by the pemda, and never translated.
"""

SE_SEKDA = "SE Sekda Kota Denpasar Nomor 061/504/Org tentang Peningkatan Kualitas Pelayanan Publik"

# Perangkat daerah in the sense of the circular: dinas, badan, sekretariat, inspektorat, kecamatan, RSUD.
PERANGKAT_DAERAH = ["perangkat_daerah", "kecamatan", "rsud"]
# Units that serve the public directly (they have services, SKM and a Maklumat).
SERVICE_UNITS = ["perangkat_daerah", "kecamatan", "kelurahan", "desa", "uptd", "puskesmas", "rsud", "mpp"]
# Invited to the Bagian Organisasi's sosialisasi and coordination meetings (domain.md §9).
EVENT_UNITS = ["perangkat_daerah", "kecamatan", "kelurahan", "desa", "uptd", "puskesmas", "rsud"]

DEFAULT_RULES = [
    {
        "key": "fkp",
        "name": "Menyelenggarakan Forum Konsultasi Publik paling sedikit sekali setahun",
        "short_name": "FKP",
        "legal_basis": f"{SE_SEKDA}; PermenPANRB Nomor 16 Tahun 2017",
        "fact": "fkp_held",
        "frequency": "yearly",
        "due_mode": "after_period",
        "due_days": 0,
        "threshold": 1,
        "unit_kinds": PERANGKAT_DAERAH,
        "counts_subtree": True,
    },
    {
        "key": "skm",
        "name": "Mengevaluasi hasil SKM setiap periode (laporan dan RTL unsur lemah) paling lambat 30 hari",
        "short_name": "Evaluasi SKM",
        "legal_basis": f"{SE_SEKDA}; PermenPANRB Nomor 14 Tahun 2017",
        "fact": "skm_evaluated",
        "frequency": "skm_period",
        "due_mode": "after_period",
        "due_days": 30,
        "threshold": None,
        "unit_kinds": SERVICE_UNITS,
        "counts_subtree": False,
    },
    {
        "key": "standar",
        "name": "Setiap layanan aktif memiliki standar pelayanan yang ditetapkan dan ditinjau dalam 12 bulan",
        "short_name": "Standar",
        "legal_basis": "UU Nomor 25 Tahun 2009 Pasal 20; PermenPANRB Nomor 15 Tahun 2014",
        "fact": "standard_current",
        "frequency": "yearly",
        "due_mode": "continuous",
        "due_days": 0,
        "threshold": 12,
        "unit_kinds": SERVICE_UNITS,
        "counts_subtree": False,
    },
    {
        "key": "maklumat",
        "name": "Memiliki Maklumat Pelayanan yang ditetapkan dan dipublikasikan",
        "short_name": "Maklumat",
        "legal_basis": "UU Nomor 25 Tahun 2009 Pasal 22",
        "fact": "maklumat_published",
        "frequency": "yearly",
        "due_mode": "continuous",
        "due_days": 0,
        "threshold": None,
        "unit_kinds": SERVICE_UNITS,
        "counts_subtree": False,
    },
    {
        "key": "pengaduan",
        "name": "Menanggapi pengaduan dalam tenggatnya",
        "short_name": "Pengaduan",
        "legal_basis": "Perpres Nomor 76 Tahun 2013; PermenPANRB Nomor 62 Tahun 2018",
        "fact": "complaints_on_time",
        "frequency": "yearly",
        "due_mode": "continuous",
        "due_days": 0,
        "threshold": 80,
        "unit_kinds": [],
        "counts_subtree": False,
    },
    {
        "key": "tindak-lanjut",
        "name": "Menyelesaikan RTL SKM dan kesepakatan FKP sampai tenggatnya",
        "short_name": "Tindak lanjut",
        "legal_basis": f"{SE_SEKDA}; PermenPANRB Nomor 14 Tahun 2017; PermenPANRB Nomor 16 Tahun 2017",
        "fact": "followups_on_time",
        "frequency": "yearly",
        "due_mode": "continuous",
        "due_days": 0,
        "threshold": 100,
        "unit_kinds": [],
        "counts_subtree": False,
    },
    {
        "key": "koordinasi",
        "name": "Menghadiri sosialisasi dan rapat koordinasi pelayanan publik tahun berjalan",
        "short_name": "Koordinasi",
        "legal_basis": "Ketentuan Pemerintah Kota (Bagian Organisasi Setda); " + SE_SEKDA,
        "fact": "events_attended",
        "frequency": "yearly",
        "due_mode": "after_period",
        "due_days": 0,
        "threshold": 1,
        "unit_kinds": EVENT_UNITS,
        "counts_subtree": False,
    },
    {
        # The city's own rule (not law): off until the pemda decides to apply it.
        "key": "inovasi",
        "name": "Setiap perangkat daerah mendaftarkan paling sedikit satu inovasi pelayanan publik per tahun",
        "short_name": "Inovasi",
        "legal_basis": (
            "Ketentuan Pemerintah Kota (Bagian Organisasi Setda), bukan kewajiban peraturan perundang-undangan; "
            "mendukung seleksi internal Kompetisi Inovasi Pelayanan Publik (KIPP) KemenPANRB"
        ),
        "fact": "innovations_registered",
        "frequency": "yearly",
        "due_mode": "after_period",
        "due_days": 0,
        "threshold": 1,
        "unit_kinds": PERANGKAT_DAERAH,
        "counts_subtree": True,
        "is_active": False,
    },
]

DEFAULT_LETTER = {
    "number_pattern": "061/{urut}/Org",
    "subject": "Pengingat pelaksanaan SE Sekda Nomor 061/504/Org dan kewajiban pelayanan publik",
    "body": (
        "Menindaklanjuti Surat Edaran Sekretaris Daerah Kota Denpasar Nomor 061/504/Org tentang Peningkatan "
        "Kualitas Pelayanan Publik di Lingkungan Pemerintah Kota Denpasar, yang mewajibkan setiap perangkat "
        "daerah menyelenggarakan Forum Konsultasi Publik dan mengevaluasi capaian Survei Kepuasan Masyarakat "
        "secara berkala, bersama ini kami sampaikan hasil pemantauan Bagian Organisasi untuk {periode} "
        "(data per {tanggal}). Kewajiban berikut belum dipenuhi oleh unit kerja sebagaimana tercantum di "
        "bawah ini. Kami minta Saudara segera menindaklanjutinya paling lambat {batas} dan mencatat "
        "pelaksanaannya dalam Sewaka."
    ),
    "closing": "Demikian disampaikan, atas perhatian dan kerja sama Saudara diucapkan terima kasih.",
    "follow_up_days": 14,
    "signer_title": "Sekretaris Daerah Kota Denpasar",
    "copies_to": "Wali Kota Denpasar (sebagai laporan)\nInspektur Kota Denpasar",
}
