/**
 * Writes data/slots-2021.json: the vaccination centers of the 2021 18–49 round and their daily
 * seats, for 2021-08-26 … 09-30. Deterministic (fixed seed): run it again and the file is the same.
 *
 *   npx tsx scripts/generate-slots.ts [out-file]
 *
 * Shape of the round: one public vaccination center per si/gun/gu giving Pfizer every day, and
 * private clinics giving Moderna, closed on Sundays. Names are district names; seats per day
 * scale with the region's population. The figures are ASSUMED (not published per center).
 */
import { writeFileSync } from 'node:fs';
import type { InventoryFile } from '../server/booking/inventory';
import { seededRandom } from '../simulator/crowd/random';

const SEED = 20210809;
const OUT = process.argv[2] ?? new URL('../data/slots-2021.json', import.meta.url).pathname;

/** Population 2021 in millions (KOSIS, rounded) and its districts. */
const REGIONS: { id: string; name: string; ko: string; population: number; districts: string[] }[] = [
  {
    id: 'seoul',
    name: 'Seoul',
    ko: '서울',
    population: 9.5,
    districts: [
      'Gangnam-gu',
      'Gangdong-gu',
      'Gangbuk-gu',
      'Gangseo-gu',
      'Gwanak-gu',
      'Gwangjin-gu',
      'Guro-gu',
      'Geumcheon-gu',
      'Nowon-gu',
      'Dobong-gu',
      'Dongdaemun-gu',
      'Dongjak-gu',
      'Mapo-gu',
      'Seodaemun-gu',
      'Seocho-gu',
      'Seongdong-gu',
      'Seongbuk-gu',
      'Songpa-gu',
      'Yangcheon-gu',
      'Yeongdeungpo-gu',
      'Yongsan-gu',
      'Eunpyeong-gu',
      'Jongno-gu',
      'Jung-gu',
      'Jungnang-gu',
    ],
  },
  {
    id: 'busan',
    name: 'Busan',
    ko: '부산',
    population: 3.35,
    districts: [
      'Jung-gu',
      'Seo-gu',
      'Dong-gu',
      'Yeongdo-gu',
      'Busanjin-gu',
      'Dongnae-gu',
      'Nam-gu',
      'Buk-gu',
      'Haeundae-gu',
      'Saha-gu',
      'Geumjeong-gu',
      'Gangseo-gu',
      'Yeonje-gu',
      'Suyeong-gu',
      'Sasang-gu',
      'Gijang-gun',
    ],
  },
  {
    id: 'daegu',
    name: 'Daegu',
    ko: '대구',
    population: 2.4,
    districts: ['Jung-gu', 'Dong-gu', 'Seo-gu', 'Nam-gu', 'Buk-gu', 'Suseong-gu', 'Dalseo-gu', 'Dalseong-gun'],
  },
  {
    id: 'incheon',
    name: 'Incheon',
    ko: '인천',
    population: 2.95,
    districts: ['Jung-gu', 'Dong-gu', 'Michuhol-gu', 'Yeonsu-gu', 'Namdong-gu', 'Bupyeong-gu', 'Gyeyang-gu', 'Seo-gu', 'Ganghwa-gun', 'Ongjin-gun'],
  },
  { id: 'gwangju', name: 'Gwangju', ko: '광주', population: 1.44, districts: ['Dong-gu', 'Seo-gu', 'Nam-gu', 'Buk-gu', 'Gwangsan-gu'] },
  { id: 'daejeon', name: 'Daejeon', ko: '대전', population: 1.45, districts: ['Dong-gu', 'Jung-gu', 'Seo-gu', 'Yuseong-gu', 'Daedeok-gu'] },
  { id: 'ulsan', name: 'Ulsan', ko: '울산', population: 1.12, districts: ['Jung-gu', 'Nam-gu', 'Dong-gu', 'Buk-gu', 'Ulju-gun'] },
  { id: 'sejong', name: 'Sejong', ko: '세종', population: 0.37, districts: ['Sejong'] },
  {
    id: 'gyeonggi',
    name: 'Gyeonggi',
    ko: '경기',
    population: 13.5,
    districts: [
      'Suwon-si',
      'Seongnam-si',
      'Goyang-si',
      'Yongin-si',
      'Bucheon-si',
      'Ansan-si',
      'Anyang-si',
      'Namyangju-si',
      'Hwaseong-si',
      'Pyeongtaek-si',
      'Uijeongbu-si',
      'Siheung-si',
      'Paju-si',
      'Gimpo-si',
      'Gwangmyeong-si',
      'Gwangju-si',
      'Gunpo-si',
      'Hanam-si',
      'Osan-si',
      'Icheon-si',
      'Anseong-si',
      'Uiwang-si',
      'Yangju-si',
      'Pocheon-si',
      'Yeoju-si',
      'Dongducheon-si',
      'Guri-si',
      'Gwacheon-si',
      'Gapyeong-gun',
      'Yangpyeong-gun',
      'Yeoncheon-gun',
    ],
  },
  {
    id: 'gangwon',
    name: 'Gangwon',
    ko: '강원',
    population: 1.54,
    districts: [
      'Chuncheon-si',
      'Wonju-si',
      'Gangneung-si',
      'Donghae-si',
      'Taebaek-si',
      'Sokcho-si',
      'Samcheok-si',
      'Hongcheon-gun',
      'Hoengseong-gun',
      'Yeongwol-gun',
      'Pyeongchang-gun',
      'Jeongseon-gun',
      'Cheorwon-gun',
      'Hwacheon-gun',
      'Yanggu-gun',
      'Inje-gun',
      'Goseong-gun',
      'Yangyang-gun',
    ],
  },
  {
    id: 'chungbuk',
    name: 'Chungbuk',
    ko: '충북',
    population: 1.6,
    districts: [
      'Cheongju-si',
      'Chungju-si',
      'Jecheon-si',
      'Boeun-gun',
      'Okcheon-gun',
      'Yeongdong-gun',
      'Jeungpyeong-gun',
      'Jincheon-gun',
      'Goesan-gun',
      'Eumseong-gun',
      'Danyang-gun',
    ],
  },
  {
    id: 'chungnam',
    name: 'Chungnam',
    ko: '충남',
    population: 2.12,
    districts: [
      'Cheonan-si',
      'Gongju-si',
      'Boryeong-si',
      'Asan-si',
      'Seosan-si',
      'Nonsan-si',
      'Gyeryong-si',
      'Dangjin-si',
      'Geumsan-gun',
      'Buyeo-gun',
      'Seocheon-gun',
      'Cheongyang-gun',
      'Hongseong-gun',
      'Yesan-gun',
      'Taean-gun',
    ],
  },
  {
    id: 'jeonbuk',
    name: 'Jeonbuk',
    ko: '전북',
    population: 1.79,
    districts: [
      'Jeonju-si',
      'Gunsan-si',
      'Iksan-si',
      'Jeongeup-si',
      'Namwon-si',
      'Gimje-si',
      'Wanju-gun',
      'Jinan-gun',
      'Muju-gun',
      'Jangsu-gun',
      'Imsil-gun',
      'Sunchang-gun',
      'Gochang-gun',
      'Buan-gun',
    ],
  },
  {
    id: 'jeonnam',
    name: 'Jeonnam',
    ko: '전남',
    population: 1.84,
    districts: [
      'Mokpo-si',
      'Yeosu-si',
      'Suncheon-si',
      'Naju-si',
      'Gwangyang-si',
      'Damyang-gun',
      'Gokseong-gun',
      'Gurye-gun',
      'Goheung-gun',
      'Boseong-gun',
      'Hwasun-gun',
      'Jangheung-gun',
      'Gangjin-gun',
      'Haenam-gun',
      'Yeongam-gun',
      'Muan-gun',
      'Hampyeong-gun',
      'Yeonggwang-gun',
      'Jangseong-gun',
      'Wando-gun',
      'Jindo-gun',
      'Sinan-gun',
    ],
  },
  {
    id: 'gyeongbuk',
    name: 'Gyeongbuk',
    ko: '경북',
    population: 2.63,
    districts: [
      'Pohang-si',
      'Gyeongju-si',
      'Gimcheon-si',
      'Andong-si',
      'Gumi-si',
      'Yeongju-si',
      'Yeongcheon-si',
      'Sangju-si',
      'Mungyeong-si',
      'Gyeongsan-si',
      'Uiseong-gun',
      'Cheongsong-gun',
      'Yeongyang-gun',
      'Yeongdeok-gun',
      'Cheongdo-gun',
      'Goryeong-gun',
      'Seongju-gun',
      'Chilgok-gun',
      'Yecheon-gun',
      'Bonghwa-gun',
      'Uljin-gun',
      'Ulleung-gun',
    ],
  },
  {
    id: 'gyeongnam',
    name: 'Gyeongnam',
    ko: '경남',
    population: 3.31,
    districts: [
      'Changwon-si',
      'Jinju-si',
      'Tongyeong-si',
      'Sacheon-si',
      'Gimhae-si',
      'Miryang-si',
      'Geoje-si',
      'Yangsan-si',
      'Uiryeong-gun',
      'Haman-gun',
      'Changnyeong-gun',
      'Goseong-gun',
      'Namhae-gun',
      'Hadong-gun',
      'Sancheong-gun',
      'Hamyang-gun',
      'Geochang-gun',
      'Hapcheon-gun',
    ],
  },
  { id: 'jeju', name: 'Jeju', ko: '제주', population: 0.68, districts: ['Jeju-si', 'Seogwipo-si'] },
];

const CLINIC_NAMES = ['Hana', 'Seoul', 'Yonsei', 'Miso', 'Saerom', 'Hanbit', 'Purun', 'Chungang', 'Sarang', 'Baro', 'Onnuri', 'Jeil', 'Dasom', 'Haneul', 'Bom'];
const CLINICS_PER_MILLION = 3;

const rand = seededRandom(SEED);
const between = (lo: number, hi: number, step: number) => lo + step * Math.floor((rand() * (hi - lo)) / step + 0.5);
const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)] as T;

const centers: InventoryFile['centers'] = [];
let serial = 0;
const nextId = () => `c${String(++serial).padStart(3, '0')}`;

for (const region of REGIONS) {
  const perDistrict = region.population / region.districts.length;
  for (const district of region.districts) {
    const base = perDistrict > 0.3 ? 600 : perDistrict > 0.1 ? 400 : 200;
    centers.push({ id: nextId(), region: region.id, name: `${district} Vaccination Center`, seats: { pfizer: between(base * 0.75, base * 1.25, 10) } });
  }
  const clinics = Math.max(1, Math.round(region.population * CLINICS_PER_MILLION));
  for (let i = 0; i < clinics; i++) {
    const district = pick(region.districts);
    centers.push({
      id: nextId(),
      region: region.id,
      name: `${district} ${pick(CLINIC_NAMES)} Clinic`,
      seats: { moderna: between(40, 120, 10) },
      closedOn: [0],
    });
  }
}

const file: InventoryFile = {
  name: 'COVID-19 vaccination, ages 18–49, 2021 (generated by scripts/generate-slots.ts, seed 20210809)',
  period: { from: '2021-08-26', to: '2021-09-30' },
  regions: REGIONS.map(({ id, name, ko }) => ({ id, name, ko })),
  centers,
};

// One center per line: small enough to read and to diff.
const lines = [
  '{',
  `  "name": ${JSON.stringify(file.name)},`,
  `  "period": ${JSON.stringify(file.period)},`,
  '  "regions": [',
  file.regions.map((r) => `    ${JSON.stringify(r)}`).join(',\n'),
  '  ],',
  '  "centers": [',
  centers.map((c) => `    ${JSON.stringify(c)}`).join(',\n'),
  '  ]',
  '}',
];
writeFileSync(OUT, lines.join('\n') + '\n');
const seatsPerDay = centers.reduce((sum, c) => sum + Object.values(c.seats).reduce((a, b) => a + (b ?? 0), 0), 0);
console.log(`${centers.length} centers in ${REGIONS.length} regions, ~${seatsPerDay} seats a day -> ${OUT}`);
