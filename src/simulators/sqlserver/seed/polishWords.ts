/** Vocabulary for realistic Polish product names (with every Polish diacritic somewhere). */
export const PRODUCT_NOUNS = [
  'Wiertarka udarowa', 'Młotek ślusarski', 'Śrubokręt krzyżakowy', 'Klucz nasadowy', 'Piła łańcuchowa', 'Szlifierka kątowa',
  'Żarówka LED', 'Lampa wisząca', 'Kinkiet łazienkowy', 'Przedłużacz bębnowy', 'Gniazdo podwójne', 'Włącznik schodowy',
  'Farba akrylowa', 'Lakier bezbarwny', 'Pędzel płaski', 'Wałek malarski', 'Taśma maskująca', 'Klej montażowy',
  'Wkręt do drewna', 'Kołek rozporowy', 'Gwóźdź budowlany', 'Łańcuch ocynkowany', 'Zawias meblowy', 'Uchwyt ścienny',
  'Grabie ogrodowe', 'Łopata sztychowa', 'Wąż ogrodowy', 'Konewka plastikowa', 'Sekator nożycowy', 'Donica ceramiczna',
  'Zlewozmywak granitowy', 'Bateria umywalkowa', 'Słuchawka prysznicowa', 'Syfon brodzikowy', 'Uszczelka gumowa',
  'Kabel miedziany', 'Przewód sieciowy', 'Rękawice robocze', 'Okulary ochronne', 'Nóż składany', 'Żyłka tnąca',
  'Źródło światła', 'Ściereczka z mikrofibry', 'Pojemnik na śmieci', 'Zaprawa klejowa', 'Gładź szpachlowa', 'Silikon sanitarny',
];
export const ATTRIBUTES = [
  'czarny', 'biały', 'zielony', 'żółty', 'czerwony', 'szary', 'brązowy', 'srebrny', 'złoty', 'niebieski',
  '500 ml', '1 l', '5 l', '10 mm', '25 mm', '3 m', '15 m', '230 V', '18 V', 'XL', 'rozm. 9', 'duży', 'mały', 'średni',
];
export const BRANDS = ['Łucznik', 'Żubr', 'Sokół', 'Gęś', 'Jaźń', 'Świt', 'Ósemka', 'Źródełko', 'Ćma', 'Nadwiślański', 'Pomorze', 'Mazur'];
export const GROUPS = [
  'Narzędzia ręczne', 'Elektronarzędzia', 'Oświetlenie', 'Łazienka', 'Ogród', 'Farby i lakiery', 'Śruby i wkręty',
  'Żarówki', 'Kable i przewody', 'Chemia budowlana', 'Artykuły BHP', 'Akcesoria różne',
];
export const FEATURES = ['Sklep internetowy', 'B2B', 'Nowość', 'Promocja', 'Wyprzedaż', 'Gabaryt'];
export const PRICE_LEVEL_NAMES = ['Detaliczna', 'Hurtowa', 'Specjalna', 'Internetowa', 'Dla stałych klientów', 'Promocyjna', 'Eksportowa', 'Cena 8', 'Cena 9', 'Cena 10'];
export const UNITS = ['szt.', 'szt.', 'szt.', 'opak.', 'kg', 'm', 'l', 'kpl.'];
/** A name with every Polish letter, lower and upper case: the CP1250 round-trip witness. */
export const PANGRAM_NAME = 'Zażółć gęślą jaźń ĄĆĘŁŃÓŚŹŻ';
