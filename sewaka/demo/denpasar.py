"""Kota Denpasar as demo data: real agency, kecamatan, desa/kelurahan and Puskesmas names."""

from sewaka.accounts.backends import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD  # noqa: F401 (re-exported for seeddemo)

PEMDA = ("kota-denpasar", "Pemerintah Kota Denpasar", "Pemkot Denpasar")

# (code, official name, short name, kind, services)
PUSKESMAS_SERVICES = [
    "Pemeriksaan Umum",
    "Kesehatan Ibu dan Anak (KIA) dan KB",
    "Kesehatan Gigi dan Mulut",
    "Laboratorium",
    "Imunisasi",
]
KELURAHAN_SERVICES = [
    "Surat Keterangan Domisili",
    "Surat Pengantar KTP-el dan Kartu Keluarga",
    "Surat Keterangan Tidak Mampu",
]
KECAMATAN_SERVICES = ["Rekomendasi Izin dan Non Izin", "Legalisasi Dokumen Kependudukan"]

AGENCIES = [
    ("setda", "Sekretariat Daerah Kota Denpasar", "Setda", "perangkat_daerah", []),
    (
        "setwan",
        "Sekretariat DPRD Kota Denpasar",
        "Setwan",
        "perangkat_daerah",
        ["Pelayanan Aspirasi Masyarakat"],
    ),
    (
        "inspektorat",
        "Inspektorat Daerah Kota Denpasar",
        "Inspektorat",
        "perangkat_daerah",
        ["Pengaduan Masyarakat (Dumas)"],
    ),
    (
        "bappeda",
        "Badan Perencanaan Pembangunan Daerah Kota Denpasar",
        "Bappeda",
        "perangkat_daerah",
        ["Izin Penelitian dan Data Perencanaan"],
    ),
    (
        "bapenda",
        "Badan Pendapatan Daerah Kota Denpasar",
        "Bapenda",
        "perangkat_daerah",
        ["Pelayanan PBB-P2", "Pelayanan BPHTB", "Pajak Hotel dan Restoran"],
    ),
    (
        "bpkad",
        "Badan Pengelola Keuangan dan Aset Daerah Kota Denpasar",
        "BPKAD",
        "perangkat_daerah",
        ["Pelayanan Sewa Aset Daerah"],
    ),
    (
        "bkpsdm",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kota Denpasar",
        "BKPSDM",
        "perangkat_daerah",
        ["Layanan Kenaikan Pangkat", "Layanan Pensiun"],
    ),
    (
        "bpbd",
        "Badan Penanggulangan Bencana Daerah Kota Denpasar",
        "BPBD",
        "perangkat_daerah",
        ["Layanan Kedaruratan Bencana"],
    ),
    (
        "kesbangpol",
        "Badan Kesatuan Bangsa dan Politik Kota Denpasar",
        "Kesbangpol",
        "perangkat_daerah",
        ["Surat Keterangan Terdaftar Ormas", "Rekomendasi Penelitian"],
    ),
    (
        "disdikpora",
        "Dinas Pendidikan Kepemudaan dan Olahraga Kota Denpasar",
        "Disdikpora",
        "perangkat_daerah",
        ["Legalisir Ijazah", "Penerimaan Peserta Didik Baru", "Izin Pendirian Satuan PAUD"],
    ),
    (
        "dinkes",
        "Dinas Kesehatan Kota Denpasar",
        "Dinkes",
        "perangkat_daerah",
        ["Sertifikat Laik Higiene Sanitasi", "Rekomendasi Izin Praktik Tenaga Kesehatan"],
    ),
    (
        "rsud-wangaya",
        "RSUD Wangaya Kota Denpasar",
        "RSUD Wangaya",
        "rsud",
        ["Rawat Jalan", "Instalasi Gawat Darurat", "Rawat Inap", "Laboratorium Klinik"],
    ),
    (
        "dinas-pupr",
        "Dinas Pekerjaan Umum dan Penataan Ruang Kota Denpasar",
        "Dinas PUPR",
        "perangkat_daerah",
        ["Informasi Tata Ruang (KRK)", "Layanan Jalan dan Drainase"],
    ),
    (
        "dinas-perkim",
        "Dinas Perumahan Rakyat dan Kawasan Permukiman Kota Denpasar",
        "Dinas Perkim",
        "perangkat_daerah",
        ["Bantuan Bedah Rumah"],
    ),
    (
        "satpol-pp",
        "Satuan Polisi Pamong Praja Kota Denpasar",
        "Satpol PP",
        "perangkat_daerah",
        ["Penanganan Pengaduan Ketertiban Umum"],
    ),
    (
        "damkar",
        "Dinas Pemadam Kebakaran dan Penyelamatan Kota Denpasar",
        "Damkar",
        "perangkat_daerah",
        ["Penanggulangan Kebakaran", "Evakuasi dan Penyelamatan"],
    ),
    (
        "dinsos",
        "Dinas Sosial Kota Denpasar",
        "Dinsos",
        "perangkat_daerah",
        ["Pendaftaran DTKS", "Rekomendasi PBI Jaminan Kesehatan"],
    ),
    (
        "disnaker",
        "Dinas Tenaga Kerja dan Sertifikasi Kompetensi Kota Denpasar",
        "Disnaker",
        "perangkat_daerah",
        ["Kartu Pencari Kerja (AK-1)", "Pencatatan Perjanjian Kerja Bersama"],
    ),
    (
        "dp3a",
        "Dinas Pemberdayaan Perempuan dan Perlindungan Anak Kota Denpasar",
        "DP3A",
        "perangkat_daerah",
        ["Pengaduan Kekerasan terhadap Perempuan dan Anak"],
    ),
    (
        "dppkb",
        "Dinas Pengendalian Penduduk dan Keluarga Berencana Kota Denpasar",
        "DPPKB",
        "perangkat_daerah",
        ["Pelayanan KB"],
    ),
    (
        "dkp",
        "Dinas Ketahanan Pangan Kota Denpasar",
        "DKP",
        "perangkat_daerah",
        ["Sertifikasi Keamanan Pangan Segar"],
    ),
    (
        "dlhk",
        "Dinas Lingkungan Hidup dan Kebersihan Kota Denpasar",
        "DLHK",
        "perangkat_daerah",
        ["Persetujuan Lingkungan (SPPL/UKL-UPL)", "Pengangkutan Sampah"],
    ),
    (
        "disdukcapil",
        "Dinas Kependudukan dan Pencatatan Sipil Kota Denpasar",
        "Disdukcapil",
        "perangkat_daerah",
        [
            "Penerbitan KTP-el",
            "Penerbitan Kartu Keluarga",
            "Akta Kelahiran",
            "Akta Kematian",
            "Surat Keterangan Pindah",
        ],
    ),
    (
        "dpmd",
        "Dinas Pemberdayaan Masyarakat dan Desa Kota Denpasar",
        "DPMD",
        "perangkat_daerah",
        ["Fasilitasi Lembaga Kemasyarakatan Desa"],
    ),
    (
        "dishub",
        "Dinas Perhubungan Kota Denpasar",
        "Dishub",
        "perangkat_daerah",
        ["Uji Berkala Kendaraan Bermotor (KIR)", "Izin Penyelenggaraan Parkir"],
    ),
    (
        "diskominfos",
        "Dinas Komunikasi, Informatika dan Statistik Kota Denpasar",
        "Diskominfos",
        "perangkat_daerah",
        ["Layanan Informasi Publik (PPID)", "Permohonan Data Statistik Sektoral"],
    ),
    (
        "diskop-ukm",
        "Dinas Koperasi, Usaha Mikro, Kecil dan Menengah Kota Denpasar",
        "Diskop UKM",
        "perangkat_daerah",
        ["Pendampingan dan Pendaftaran UMKM"],
    ),
    (
        "dpmptsp",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Denpasar",
        "DPMPTSP",
        "perangkat_daerah",
        ["Persetujuan Bangunan Gedung (PBG)", "Nomor Induk Berusaha (NIB)", "Izin Reklame"],
    ),
    ("disbud", "Dinas Kebudayaan Kota Denpasar", "Disbud", "perangkat_daerah", ["Fasilitasi Sanggar Seni"]),
    (
        "dispar",
        "Dinas Pariwisata Kota Denpasar",
        "Dispar",
        "perangkat_daerah",
        ["Tanda Daftar Usaha Pariwisata"],
    ),
    (
        "disperindag",
        "Dinas Perindustrian dan Perdagangan Kota Denpasar",
        "Disperindag",
        "perangkat_daerah",
        ["Tera dan Tera Ulang", "Pengelolaan Pasar Rakyat"],
    ),
    ("distan", "Dinas Pertanian Kota Denpasar", "Distan", "perangkat_daerah", ["Pelayanan Kesehatan Hewan"]),
    (
        "diskarpus",
        "Dinas Kearsipan dan Perpustakaan Kota Denpasar",
        "Diskarpus",
        "perangkat_daerah",
        ["Layanan Perpustakaan", "Layanan Arsip Statis"],
    ),
    (
        "brida",
        "Badan Riset dan Inovasi Daerah Kota Denpasar",
        "BRIDA",
        "perangkat_daerah",
        ["Rekomendasi Penelitian dan Inovasi"],
    ),
]

# UPTD under their dinas: (code, official name, short name, parent code, services)
UPTD = [
    (
        "uptd-labkesda",
        "UPTD Laboratorium Kesehatan Daerah Kota Denpasar",
        "UPTD Labkesda",
        "dinkes",
        ["Pemeriksaan Laboratorium Klinik", "Uji Kualitas Air"],
    ),
    (
        "uptd-parkir",
        "UPTD Perparkiran Kota Denpasar",
        "UPTD Parkir",
        "dishub",
        ["Izin Parkir Tepi Jalan Umum"],
    ),
    (
        "uptd-pasar",
        "UPTD Pasar Kota Denpasar",
        "UPTD Pasar",
        "disperindag",
        ["Izin Penempatan Pedagang Pasar"],
    ),
]

SETDA_BAGIAN = [
    ("bagian-organisasi", "Bagian Organisasi Sekretariat Daerah Kota Denpasar", "Bagian Organisasi"),
    ("bagian-hukum", "Bagian Hukum Sekretariat Daerah Kota Denpasar", "Bagian Hukum"),
    ("bagian-umum", "Bagian Umum Sekretariat Daerah Kota Denpasar", "Bagian Umum"),
]

# kecamatan code suffix, name, [(desa/kelurahan name, kind)]
KECAMATAN = [
    (
        "denpasar-barat",
        "Denpasar Barat",
        [
            ("Dauh Puri", "kelurahan"),
            ("Padangsambian", "kelurahan"),
            ("Pemecutan", "kelurahan"),
            ("Dauh Puri Kangin", "desa"),
            ("Dauh Puri Kauh", "desa"),
            ("Dauh Puri Kelod", "desa"),
            ("Padangsambian Kaja", "desa"),
            ("Padangsambian Kelod", "desa"),
            ("Pemecutan Kelod", "desa"),
            ("Tegal Harum", "desa"),
            ("Tegal Kerta", "desa"),
        ],
    ),
    (
        "denpasar-selatan",
        "Denpasar Selatan",
        [
            ("Panjer", "kelurahan"),
            ("Pedungan", "kelurahan"),
            ("Renon", "kelurahan"),
            ("Sanur", "kelurahan"),
            ("Serangan", "kelurahan"),
            ("Sesetan", "kelurahan"),
            ("Pemogan", "desa"),
            ("Sidakarya", "desa"),
            ("Sanur Kaja", "desa"),
            ("Sanur Kauh", "desa"),
        ],
    ),
    (
        "denpasar-timur",
        "Denpasar Timur",
        [
            ("Dangin Puri", "kelurahan"),
            ("Kesiman", "kelurahan"),
            ("Penatih", "kelurahan"),
            ("Sumerta", "kelurahan"),
            ("Dangin Puri Kelod", "desa"),
            ("Kesiman Kertalangu", "desa"),
            ("Kesiman Petilan", "desa"),
            ("Penatih Dangin Puri", "desa"),
            ("Sumerta Kaja", "desa"),
            ("Sumerta Kauh", "desa"),
            ("Sumerta Kelod", "desa"),
        ],
    ),
    (
        "denpasar-utara",
        "Denpasar Utara",
        [
            ("Peguyangan", "kelurahan"),
            ("Tonja", "kelurahan"),
            ("Ubung", "kelurahan"),
            ("Dauh Puri Kaja", "desa"),
            ("Dangin Puri Kaja", "desa"),
            ("Dangin Puri Kangin", "desa"),
            ("Dangin Puri Kauh", "desa"),
            ("Peguyangan Kaja", "desa"),
            ("Peguyangan Kangin", "desa"),
            ("Pemecutan Kaja", "desa"),
            ("Ubung Kaja", "desa"),
        ],
    ),
]

# Puskesmas sit under Dinas Kesehatan: (code, name)
PUSKESMAS = [
    ("pkm-1-denbar", "Puskesmas I Denpasar Barat"),
    ("pkm-2-denbar", "Puskesmas II Denpasar Barat"),
    ("pkm-1-dentim", "Puskesmas I Denpasar Timur"),
    ("pkm-2-dentim", "Puskesmas II Denpasar Timur"),
    ("pkm-1-densel", "Puskesmas I Denpasar Selatan"),
    ("pkm-2-densel", "Puskesmas II Denpasar Selatan"),
    ("pkm-3-densel", "Puskesmas III Denpasar Selatan"),
    ("pkm-4-densel", "Puskesmas IV Denpasar Selatan"),
    ("pkm-1-denut", "Puskesmas I Denpasar Utara"),
    ("pkm-2-denut", "Puskesmas II Denpasar Utara"),
    ("pkm-3-denut", "Puskesmas III Denpasar Utara"),
]

MPP = ("mpp-denpasar", "Mal Pelayanan Publik Kota Denpasar", "MPP Denpasar", "dpmptsp")
# gerai code, name, home agency code, services
GERAI = [
    ("gerai-disdukcapil", "Gerai Disdukcapil di MPP", "disdukcapil", ["Penerbitan KTP-el", "Akta Kelahiran"]),
    ("gerai-bapenda", "Gerai Bapenda di MPP", "bapenda", ["Pelayanan PBB-P2"]),
    ("gerai-dpmptsp", "Gerai DPMPTSP di MPP", "dpmptsp", ["Nomor Induk Berusaha (NIB)"]),
    ("gerai-disnaker", "Gerai Disnaker di MPP", "disnaker", ["Kartu Pencari Kerja (AK-1)"]),
]

# username, first name, last name, role, unit code
DEMO_USERS = [
    ("admin.pemda", "Ni Made", "Organisasi", "admin_pemda", "kota-denpasar"),
    ("operator.pkm1", "I Wayan", "Sudarma", "operator", "pkm-1-denbar"),
    ("operator.pkm2", "Ni Ketut", "Ariani", "operator", "pkm-2-denbar"),
    ("operator.capil", "I Gede", "Putra", "operator", "disdukcapil"),
    ("pimpinan", "I Nyoman", "Sekda", "pimpinan", "kota-denpasar"),
    ("monev", "Ni Luh", "Monev", "tim_monev", "kota-denpasar"),
    ("pengaduan", "Kadek", "Pengaduan", "pengelola_pengaduan", "disdukcapil"),
    # Jurors of the demo's internal KIPP selection (innovations): staff of units that nominate nothing.
    ("juri.bappeda", "I Made", "Juri Bappeda", "operator", "bappeda"),
    ("juri.organisasi", "Ni Putu", "Juri Organisasi", "operator", "bagian-organisasi"),
]

# What citizens type instead of the official name (searched by the public catalogue).
SERVICE_SYNONYMS = {
    "Penerbitan KTP-el": "e-KTP, KTP elektronik, KTP, kartu tanda penduduk",
    "Penerbitan Kartu Keluarga": "KK, kartu keluarga",
    "Akta Kelahiran": "akta lahir, akte kelahiran",
    "Akta Kematian": "akta mati, akte kematian",
    "Surat Keterangan Pindah": "SKPWNI, surat pindah, pindah domisili",
}
