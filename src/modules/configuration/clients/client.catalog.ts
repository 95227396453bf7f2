/**
 * Fixed vendor catalogues, the same for every client (clients.md): the voice talents the voice
 * pool accepts and the countries List Countries answers.
 */

/** clients.md "Voice talents" (recovered from [C#: VoiceTalent]; there is no voice 7). */
export const VOICE_TALENTS: ReadonlyMap<number, string> = new Map([
  [1, 'Julie'],
  [2, 'Juanita'],
  [3, 'Kate'],
  [4, 'Gisele'],
  [5, 'Bob'],
  [6, 'GruffM'],
  [8, 'GruffF'],
  [9, 'Lee'],
  [10, 'Scarlet'],
  [11, 'Claudine'],
])

export const isVoiceTalent = (id: number): boolean => VOICE_TALENTS.has(id)

export interface Country {
  countryCode: string
  name: string
  id: number
}

/**
 * clients.md List Countries: the seed example's full list (68 entries), already in the order the
 * vendor answers it (name, case-insensitive: "Egypt" sits between ECUADOR and ESTONIA).
 */
export const COUNTRIES: readonly Country[] = [
  { countryCode: '54', name: 'ARGENTINA', id: 7 },
  { countryCode: '61', name: 'AUSTRALIA', id: 11 },
  { countryCode: '43', name: 'AUSTRIA', id: 12 },
  { countryCode: '32', name: 'BELGIUM', id: 13 },
  { countryCode: '591', name: 'BOLIVIA', id: 14 },
  { countryCode: '55', name: 'BRAZIL', id: 3 },
  { countryCode: '359', name: 'BULGARIA', id: 15 },
  { countryCode: '1', name: 'CANADA', id: 2 },
  { countryCode: '56', name: 'CHILE', id: 16 },
  { countryCode: '86', name: 'CHINA', id: 17 },
  { countryCode: '57', name: 'COLOMBIA', id: 9 },
  { countryCode: '506', name: 'COSTA RICA', id: 18 },
  { countryCode: '385', name: 'CROATIA', id: 19 },
  { countryCode: '357', name: 'CYPRUS', id: 20 },
  { countryCode: '420', name: 'CZECH REPUBLIC', id: 21 },
  { countryCode: '45', name: 'DENMARK', id: 22 },
  { countryCode: '593', name: 'ECUADOR', id: 23 },
  { countryCode: '20', name: 'Egypt', id: 33 },
  { countryCode: '372', name: 'ESTONIA', id: 24 },
  { countryCode: '358', name: 'FINLAND', id: 25 },
  { countryCode: '33', name: 'FRANCE', id: 26 },
  { countryCode: '49', name: 'GERMANY', id: 27 },
  { countryCode: '30', name: 'GREECE', id: 28 },
  { countryCode: '502', name: 'GUATEMALA', id: 29 },
  { countryCode: '31', name: 'HOLLAND', id: 30 },
  { countryCode: '36', name: 'HUNGARY', id: 31 },
  { countryCode: '354', name: 'ICELAND', id: 32 },
  { countryCode: '91', name: 'INDIA', id: 10 },
  { countryCode: '964', name: 'IRAQ', id: 68 },
  { countryCode: '353', name: 'Ireland', id: 128 },
  { countryCode: '39', name: 'ITALY', id: 34 },
  { countryCode: '81', name: 'JAPAN', id: 35 },
  { countryCode: '371', name: 'LATVIA', id: 36 },
  { countryCode: '370', name: 'LITHUANIA', id: 37 },
  { countryCode: '352', name: 'LUXEMBOURG', id: 38 },
  { countryCode: '60', name: 'MALAYSIA', id: 39 },
  { countryCode: '356', name: 'MALTA', id: 40 },
  { countryCode: '52', name: 'MEXICO', id: 4 },
  { countryCode: '31', name: 'NETHERLANDS', id: 41 },
  { countryCode: '64', name: 'NEW ZEALAND', id: 42 },
  { countryCode: '234', name: 'NIGERIA', id: 43 },
  { countryCode: '47', name: 'NORWAY', id: 44 },
  { countryCode: '92', name: 'PAKISTAN', id: 45 },
  { countryCode: '507', name: 'PANAMA', id: 46 },
  { countryCode: '595', name: 'PARAGUAY', id: 47 },
  { countryCode: '51', name: 'PERU', id: 48 },
  { countryCode: '48', name: 'POLAND', id: 49 },
  { countryCode: '351', name: 'PORTUGAL', id: 50 },
  { countryCode: '1', name: 'PUERTO RICO', id: 51 },
  { countryCode: '40', name: 'ROMANIA', id: 52 },
  { countryCode: '7', name: 'RUSSIA', id: 53 },
  { countryCode: '44', name: 'SCOTLAND', id: 54 },
  { countryCode: '65', name: 'SINGAPORE', id: 5 },
  { countryCode: '421', name: 'SLOVAKIA', id: 55 },
  { countryCode: '386', name: 'SLOVENIA', id: 56 },
  { countryCode: '34', name: 'SPAIN', id: 57 },
  { countryCode: '46', name: 'SWEDEN', id: 58 },
  { countryCode: '41', name: 'SWITZERLAND', id: 59 },
  { countryCode: '886', name: 'TAIWAN', id: 60 },
  { countryCode: '1', name: 'TRINIDAD TOBAGO', id: 61 },
  { countryCode: '90', name: 'TURKEY', id: 62 },
  { countryCode: '44', name: 'UK', id: 8 },
  { countryCode: '971', name: 'UNITED ARAB EMIRATES', id: 63 },
  { countryCode: '1', name: 'UNITED STATES OF AMERICA', id: 1 },
  { countryCode: '598', name: 'URUGUAY', id: 64 },
  { countryCode: '58', name: 'VENEZUELA', id: 65 },
  { countryCode: '44', name: 'WALES', id: 66 },
  { countryCode: '260', name: 'ZAMBIA', id: 67 },
]
