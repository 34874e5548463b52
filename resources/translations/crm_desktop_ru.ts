<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>App</name>
    <message>
        <source>Deals</source>
        <translation>Сделки</translation>
    </message>
    <message>
        <source>The sales funnel as a kanban board: one column per stage with counts and sums, cards dragged between stages. It arrives in the next version.</source>
        <translation>Воронка продаж в виде канбан-доски: колонка на каждый этап с количеством и суммами, карточки перетаскиваются между этапами. Появится в следующей версии.</translation>
    </message>
    <message>
        <source>Calendar</source>
        <translation>Календарь</translation>
    </message>
    <message>
        <source>Day, week and month views of calls, meetings and to-dos, with reminders. It arrives in a later version.</source>
        <translation>Звонки, встречи и дела по дням, неделям и месяцам, с напоминаниями. Появится в одной из следующих версий.</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Задачи</translation>
    </message>
    <message>
        <source>Overdue, today&apos;s and upcoming work in one list. It arrives in a later version.</source>
        <translation>Просроченные, сегодняшние и предстоящие дела в одном списке. Появится в одной из следующих версий.</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Отчёты</translation>
    </message>
    <message>
        <source>The sales funnel, forecast, won/lost analysis and manager activity, on screen and in PDF. They arrive in a later version.</source>
        <translation>Воронка продаж, прогноз, анализ выигранных и проигранных сделок и активность менеджеров — на экране и в PDF. Появятся в одной из следующих версий.</translation>
    </message>
    <message>
        <source>CRM Desktop</source>
        <translation>CRM Desktop</translation>
    </message>
    <message>
        <source>The client base cannot be opened.</source>
        <translation>Не удаётся открыть клиентскую базу.</translation>
    </message>
    <message>
        <source>Open another base file, or quit and try again later.</source>
        <translation>Откройте другой файл базы или закройте программу и попробуйте позже.</translation>
    </message>
    <message>
        <source>Open another base…</source>
        <translation>Открыть другую базу…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Выход</translation>
    </message>
    <message>
        <source>Open a client base</source>
        <translation>Открыть клиентскую базу</translation>
    </message>
    <message>
        <source>CRM Desktop bases (*.sqlite3 *.sqlite *.db);;All files (*)</source>
        <translation>Базы CRM Desktop (*.sqlite3 *.sqlite *.db);;Все файлы (*)</translation>
    </message>
    <message>
        <source>Creating the demo base…</source>
        <translation>Создаётся демонстрационная база…</translation>
    </message>
</context>
<context>
    <name>AppContext</name>
    <message>
        <source>CRM Desktop</source>
        <translation>CRM Desktop</translation>
    </message>
    <message>
        <source>Something went wrong and the operation was not completed. Your data is safe: nothing was saved. Please report the details below.</source>
        <translation>Что-то пошло не так, и операция не была выполнена. Ваши данные в безопасности: ничего не сохранено. Пожалуйста, сообщите подробности, приведённые ниже.</translation>
    </message>
</context>
<context>
    <name>CardDialog</name>
    <message>
        <source>“%1” is not an email address.</source>
        <translation>«%1» — не адрес электронной почты.</translation>
    </message>
    <message>
        <source>Not a valid INN: 10 digits for a company, 12 for a person, with a correct check digit.</source>
        <translation>Некорректный ИНН: 10 цифр для организации, 12 для физического лица, с верной контрольной цифрой.</translation>
    </message>
    <message>
        <source>Loading the card…</source>
        <translation>Загрузка карточки…</translation>
    </message>
    <message>
        <source>Looking for cards like this one…</source>
        <translation>Поиск похожих карточек…</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Сохранение…</translation>
    </message>
    <message>
        <source>Someone else changed this card after you opened it, so your changes were not saved. They are still here: copy what you need, close this window and open the card again to see the current version.</source>
        <translation>Кто-то другой изменил эту карточку после того, как вы её открыли, поэтому ваши изменения не сохранены. Они всё ещё здесь: скопируйте нужное, закройте окно и откройте карточку снова, чтобы увидеть актуальную версию.</translation>
    </message>
    <message>
        <source>Close without saving? What you typed in this card will be lost.</source>
        <translation>Закрыть без сохранения? Всё, что вы ввели в этой карточке, будет потеряно.</translation>
    </message>
</context>
<context>
    <name>CardView</name>
    <message>
        <source>Tip: press Ctrl+K and type any part of a name, phone number, email or INN.</source>
        <translation>Совет: нажмите Ctrl+K и введите любую часть имени, номера телефона, email или ИНН.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Восстановить</translation>
    </message>
    <message>
        <source>Take this card out of the trash</source>
        <translation>Вернуть эту карточку из корзины</translation>
    </message>
    <message>
        <source>Key client</source>
        <translation>Ключевой клиент</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Изменить</translation>
    </message>
    <message>
        <source>Edit this card</source>
        <translation>Изменить эту карточку</translation>
    </message>
    <message>
        <source>History</source>
        <translation>История</translation>
    </message>
    <message>
        <source>Loading older entries…</source>
        <translation>Загрузка более ранних записей…</translation>
    </message>
    <message>
        <source>No calls, meetings, notes or deals yet. They will appear here.</source>
        <translation>Пока нет звонков, встреч, заметок и сделок. Они появятся здесь.</translation>
    </message>
    <message>
        <source>Select an organization or a person to see the card</source>
        <translation>Выберите организацию или контакт, чтобы увидеть карточку</translation>
    </message>
    <message>
        <source>This card no longer exists.</source>
        <translation>Этой карточки больше нет.</translation>
    </message>
    <message>
        <source>Organization</source>
        <translation>Организация</translation>
    </message>
    <message>
        <source>INN %1</source>
        <translation>ИНН %1</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Контакт</translation>
    </message>
    <message>
        <source>Private person</source>
        <translation>Частное лицо</translation>
    </message>
    <message>
        <source>Restore the card from the trash to edit it</source>
        <translation>Восстановите карточку из корзины, чтобы изменить её</translation>
    </message>
    <message>
        <source>This card is in the trash (deleted %1). Restore it to work with it again.</source>
        <translation>Эта карточка в корзине (удалена %1). Восстановите её, чтобы снова с ней работать.</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Контакты</translation>
    </message>
    <message>
        <source>Phones</source>
        <translation>Телефоны</translation>
    </message>
    <message>
        <source>Emails</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Website</source>
        <translation>Сайт</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Город</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <source>No phones or emails yet. Use Edit to add them.</source>
        <translation>Пока нет телефонов и email. Добавьте их через «Изменить».</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Реквизиты</translation>
    </message>
    <message>
        <source>INN</source>
        <translation>ИНН</translation>
    </message>
    <message>
        <source>KPP</source>
        <translation>КПП</translation>
    </message>
    <message>
        <source>OGRN</source>
        <translation>ОГРН</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>Отрасль</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>День рождения</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>Сегмент</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Источник</translation>
    </message>
    <message>
        <source>Interests and notes</source>
        <translation>Интересы и заметки</translation>
    </message>
    <message>
        <source>Interests</source>
        <translation>Интересы</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Заметки</translation>
    </message>
    <message>
        <source>Created %1 · Updated %2</source>
        <translation>Создано %1 · Изменено %2</translation>
    </message>
    <message>
        <source>mobile</source>
        <translation>мобильный</translation>
    </message>
    <message>
        <source>work</source>
        <translation>рабочий</translation>
    </message>
    <message>
        <source>home</source>
        <translation>домашний</translation>
    </message>
    <message>
        <source>fax</source>
        <translation>факс</translation>
    </message>
    <message>
        <source>other</source>
        <translation>другой</translation>
    </message>
    <message>
        <source>Not a valid number — kept as typed</source>
        <translation>Некорректный номер — сохранён как введён</translation>
    </message>
    <message>
        <source>E.164: %1</source>
        <translation>E.164: %1</translation>
    </message>
    <message>
        <source>As typed: %1</source>
        <translation>Как введено: %1</translation>
    </message>
    <message>
        <source>ext. %1</source>
        <translation>доб. %1</translation>
    </message>
    <message>
        <source>personal</source>
        <translation>личный</translation>
    </message>
    <message>
        <source>Write an email</source>
        <translation>Написать письмо</translation>
    </message>
    <message>
        <source>%1 (age %2)</source>
        <translation>%1 (возраст %2)</translation>
    </message>
    <message>
        <source>People (%1)</source>
        <translation>Контактные лица (%1)</translation>
    </message>
    <message>
        <source>Nobody from this organization yet.</source>
        <translation>Пока нет контактных лиц этой организации.</translation>
    </message>
    <message>
        <source>…and %1 more</source>
        <translation>…и ещё %1</translation>
    </message>
</context>
<context>
    <name>ContactFields</name>
    <message>
        <source>Mobile</source>
        <translation>Мобильный</translation>
    </message>
    <message>
        <source>Work</source>
        <translation>Рабочий</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>Домашний</translation>
    </message>
    <message>
        <source>Fax</source>
        <translation>Факс</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Другой</translation>
    </message>
    <message>
        <source>Personal</source>
        <translation>Личный</translation>
    </message>
    <message>
        <source>too short, no area code?</source>
        <translation>слишком короткий, нет кода города?</translation>
    </message>
    <message>
        <source>too many digits</source>
        <translation>слишком много цифр</translation>
    </message>
    <message>
        <source>not a phone number</source>
        <translation>не номер телефона</translation>
    </message>
    <message>
        <source>no such number</source>
        <translation>такого номера не существует</translation>
    </message>
    <message>
        <source>digits lost (Excel&apos;s 7.9E+10 form)</source>
        <translation>цифры потеряны (формат Excel 7.9E+10)</translation>
    </message>
    <message>
        <source>several numbers</source>
        <translation>несколько номеров</translation>
    </message>
    <message>
        <source>not recognised</source>
        <translation>не распознан</translation>
    </message>
    <message>
        <source>ext.</source>
        <translation>доб.</translation>
    </message>
</context>
<context>
    <name>ContactTreeModel</name>
    <message>
        <source>Name</source>
        <translation>Название</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Город</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Ответственный</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation>Последний контакт</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Теги</translation>
    </message>
    <message>
        <source>Private persons (%1)</source>
        <translation>Частные лица (%1)</translation>
    </message>
    <message>
        <source>People who do not belong to any organization</source>
        <translation>Контакты, не относящиеся ни к одной организации</translation>
    </message>
    <message>
        <source>%1 is not a valid phone number: it is kept as typed and cannot be dialled.</source>
        <translation>%1 — некорректный номер телефона: он сохранён как введён, и позвонить на него нельзя.</translation>
    </message>
</context>
<context>
    <name>ContactsPage</name>
    <message>
        <source>Contacts</source>
        <translation>Контакты</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <source>Select a contact to see its card.</source>
        <translation>Выберите контакт, чтобы увидеть его карточку.</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Изменить…</translation>
    </message>
    <message>
        <source>Move to the &amp;trash…</source>
        <translation>Переместить в &amp;корзину…</translation>
    </message>
    <message>
        <source>New &amp;person in this organization…</source>
        <translation>Новое &amp;контактное лицо в этой организации…</translation>
    </message>
    <message>
        <source>&amp;Merge the two selected…</source>
        <translation>&amp;Объединить две выбранные…</translation>
    </message>
    <message>
        <source>&amp;Undo the last merge…</source>
        <translation>&amp;Отменить последнее объединение…</translation>
    </message>
    <message>
        <source>&amp;Rename segment…</source>
        <translation>&amp;Переименовать сегмент…</translation>
    </message>
    <message>
        <source>&amp;Delete segment…</source>
        <translation>&amp;Удалить сегмент…</translation>
    </message>
    <message>
        <source>Segment “%3”: %1 organizations, %2 private persons</source>
        <translation>Сегмент «%3»: организаций: %1, частных лиц: %2</translation>
    </message>
    <message>
        <source>Filtered: %1 organizations, %2 private persons</source>
        <translation>Отфильтровано: организаций: %1, частных лиц: %2</translation>
    </message>
    <message>
        <source>%1 organizations, %2 private persons</source>
        <translation>Организаций: %1, частных лиц: %2</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>Сегменты</translation>
    </message>
    <message>
        <source>Save as segment</source>
        <translation>Сохранить как сегмент</translation>
    </message>
    <message>
        <source>Choose a filter first: a segment remembers the filter under a name.</source>
        <translation>Сначала задайте фильтр: сегмент запоминает фильтр под именем.</translation>
    </message>
    <message>
        <source>Name of the segment:</source>
        <translation>Название сегмента:</translation>
    </message>
    <message>
        <source>Saving the segment…</source>
        <translation>Сохранение сегмента…</translation>
    </message>
    <message>
        <source>Rename segment</source>
        <translation>Переименовать сегмент</translation>
    </message>
    <message>
        <source>Delete segment</source>
        <translation>Удалить сегмент</translation>
    </message>
    <message>
        <source>Delete the segment “%1”? The contacts it shows are not touched.</source>
        <translation>Удалить сегмент «%1»? Контакты, входящие в него, не затрагиваются.</translation>
    </message>
    <message>
        <source>Move %1 to the trash? The people of an organization go to the trash with it.</source>
        <translation>Переместить %1 в корзину? Контактные лица организации будут перемещены в корзину вместе с ней.</translation>
    </message>
    <message>
        <source>Move %1 to the trash?</source>
        <translation>Переместить %1 в корзину?</translation>
    </message>
    <message>
        <source>Move to the trash</source>
        <translation>Переместить в корзину</translation>
    </message>
    <message>
        <source>Moving to the trash…</source>
        <translation>Перемещение в корзину…</translation>
    </message>
</context>
<context>
    <name>Duplicates</name>
    <message>
        <source>Same phone %1</source>
        <translation>Тот же телефон %1</translation>
    </message>
    <message>
        <source>Same email %1</source>
        <translation>Тот же email %1</translation>
    </message>
    <message>
        <source>Same INN %1</source>
        <translation>Тот же ИНН %1</translation>
    </message>
    <message>
        <source>Same name: %1</source>
        <translation>То же имя: %1</translation>
    </message>
    <message>
        <source>Similar name</source>
        <translation>Похожее имя</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Название</translation>
    </message>
    <message>
        <source>Organization</source>
        <translation>Организация</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Должность</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Отдел</translation>
    </message>
    <message>
        <source>INN</source>
        <translation>ИНН</translation>
    </message>
    <message>
        <source>KPP</source>
        <translation>КПП</translation>
    </message>
    <message>
        <source>OGRN</source>
        <translation>ОГРН</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Город</translation>
    </message>
    <message>
        <source>Website</source>
        <translation>Сайт</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>Отрасль</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>Сегмент</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Источник</translation>
    </message>
    <message>
        <source>Interests and needs</source>
        <translation>Интересы и потребности</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Заметки</translation>
    </message>
    <message>
        <source>Key client</source>
        <translation>Ключевой клиент</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>День рождения</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Да</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Нет</translation>
    </message>
    <message>
        <source>deals: %n</source>
        <translation>сделки: %n</translation>
    </message>
    <message>
        <source>tasks and activities: %n</source>
        <translation>задачи и дела: %n</translation>
    </message>
    <message>
        <source>notes: %n</source>
        <translation>заметки: %n</translation>
    </message>
    <message>
        <source>people: %n</source>
        <translation>контактные лица: %n</translation>
    </message>
    <message>
        <source>key dates: %n</source>
        <translation>ключевые даты: %n</translation>
    </message>
    <message>
        <source>custom field values: %n</source>
        <translation>значения доп. полей: %n</translation>
    </message>
    <message>
        <source>Undo merge</source>
        <translation>Отменить объединение</translation>
    </message>
    <message>
        <source>There is no merge to undo.</source>
        <translation>Нет объединения, которое можно отменить.</translation>
    </message>
    <message>
        <source>Undo the merge “%1”? Both cards come back exactly as they were before it.</source>
        <translation>Отменить объединение «%1»? Обе карточки вернутся в точности в том виде, в каком были до него.</translation>
    </message>
</context>
<context>
    <name>DuplicatesDialog</name>
    <message>
        <source>Possible duplicate</source>
        <translation>Возможный дубль</translation>
    </message>
    <message>
        <source>This looks like a card that already exists</source>
        <translation>Похоже, такая карточка уже существует</translation>
    </message>
    <message>
        <source>“%1” shares a phone, email, INN or name with a card already in the base. Open the existing card, merge the two, or save a new card anyway.</source>
        <translation>У «%1» совпадает телефон, email, ИНН или название с карточкой, которая уже есть в базе. Откройте существующую карточку, объедините их или всё равно сохраните новую.</translation>
    </message>
    <message>
        <source>Open existing</source>
        <translation>Открыть существующую</translation>
    </message>
    <message>
        <source>Close this card without saving and open the chosen one</source>
        <translation>Закрыть эту карточку без сохранения и открыть выбранную</translation>
    </message>
    <message>
        <source>Save and merge…</source>
        <translation>Сохранить и объединить…</translation>
    </message>
    <message>
        <source>Save this card, then merge it into the chosen one, field by field</source>
        <translation>Сохранить эту карточку, затем объединить её с выбранной поле за полем</translation>
    </message>
    <message>
        <source>Save anyway</source>
        <translation>Всё равно сохранить</translation>
    </message>
    <message>
        <source>These are different clients: save the card as it is</source>
        <translation>Это разные клиенты: сохранить карточку как есть</translation>
    </message>
    <message>
        <source>Back to the card</source>
        <translation>Вернуться к карточке</translation>
    </message>
</context>
<context>
    <name>EmailsEditor</name>
    <message>
        <source>Add email</source>
        <translation>Добавить email</translation>
    </message>
    <message>
        <source>name@example.com</source>
        <translation>name@example.com</translation>
    </message>
    <message>
        <source>Remove this address</source>
        <translation>Удалить этот адрес</translation>
    </message>
    <message>
        <source>⚠ Not an email address</source>
        <translation>⚠ Не адрес электронной почты</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>All tags</source>
        <translation>Все теги</translation>
    </message>
    <message>
        <source>All owners</source>
        <translation>Все ответственные</translation>
    </message>
    <message>
        <source>All segments</source>
        <translation>Все сегменты</translation>
    </message>
    <message>
        <source>Any city</source>
        <translation>Любой город</translation>
    </message>
    <message>
        <source>Only contacts in this city</source>
        <translation>Только контакты из этого города</translation>
    </message>
    <message>
        <source>No contact for</source>
        <translation>Без контакта</translation>
    </message>
    <message>
        <source>any time</source>
        <translation>любое время</translation>
    </message>
    <message>
        <source> days</source>
        <translation> дн.</translation>
    </message>
    <message>
        <source>Only contacts with no call, meeting or letter for this many days (0: off)</source>
        <translation>Только контакты без звонков, встреч и писем за указанное число дней (0 — выкл.)</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Сбросить</translation>
    </message>
    <message>
        <source>Show all contacts again</source>
        <translation>Снова показать все контакты</translation>
    </message>
    <message>
        <source>Save as segment…</source>
        <translation>Сохранить как сегмент…</translation>
    </message>
    <message>
        <source>Remember this filter under a name in the navigation on the left</source>
        <translation>Запомнить этот фильтр под именем в панели навигации слева</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>Сегмент</translation>
    </message>
    <message>
        <source>Rename or delete the segment shown</source>
        <translation>Переименовать или удалить текущий сегмент</translation>
    </message>
    <message>
        <source>Owner #%1</source>
        <translation>Ответственный №%1</translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <source>Welcome to CRM Desktop</source>
        <translation>Добро пожаловать в CRM Desktop</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Welcome to CRM Desktop&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Добро пожаловать в CRM Desktop&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Your client base will be kept in a file on this computer:
%1
How would you like to start?</source>
        <translation>Ваша клиентская база будет храниться в файле на этом компьютере:
%1
С чего начнём?</translation>
    </message>
    <message>
        <source>Start with an empty base</source>
        <translation>Начать с пустой базы</translation>
    </message>
    <message>
        <source>Add your clients by hand or import them from Excel.</source>
        <translation>Добавьте клиентов вручную или импортируйте их из Excel.</translation>
    </message>
    <message>
        <source>Open a demo base</source>
        <translation>Открыть демонстрационную базу</translation>
    </message>
    <message>
        <source>Try the program on sample organizations, people, deals and tasks.</source>
        <translation>Попробуйте программу на примерах организаций, контактов, сделок и задач.</translation>
    </message>
    <message>
        <source>Open an existing base…</source>
        <translation>Открыть существующую базу…</translation>
    </message>
    <message>
        <source>A base file copied from another computer or a backup.</source>
        <translation>Файл базы, скопированный с другого компьютера, или резервная копия.</translation>
    </message>
    <message>
        <source>Open a client base</source>
        <translation>Открыть клиентскую базу</translation>
    </message>
    <message>
        <source>CRM Desktop bases (*.sqlite3 *.sqlite *.db);;All files (*)</source>
        <translation>Базы CRM Desktop (*.sqlite3 *.sqlite *.db);;Все файлы (*)</translation>
    </message>
</context>
<context>
    <name>JobIndicator</name>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Отмена…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>CRM Desktop — %1</source>
        <translation>CRM Desktop — %1</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Основная панель инструментов</translation>
    </message>
    <message>
        <source>New &amp;organization…</source>
        <translation>Новая &amp;организация…</translation>
    </message>
    <message>
        <source>New &amp;person…</source>
        <translation>Новый &amp;контакт…</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Найти…</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Найти</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>В&amp;ыход</translation>
    </message>
    <message>
        <source>&amp;About CRM Desktop</source>
        <translation>&amp;О программе CRM Desktop</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Правка</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Вид</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <source>About CRM Desktop</source>
        <translation>О программе CRM Desktop</translation>
    </message>
    <message>
        <source>CRM Desktop %1 — an offline CRM for small businesses.</source>
        <translation>CRM Desktop %1 — офлайн-CRM для малого бизнеса.</translation>
    </message>
    <message>
        <source>CRM Desktop</source>
        <translation>CRM Desktop</translation>
    </message>
    <message>
        <source>An operation is still running. Cancel it and quit?</source>
        <translation>Операция ещё выполняется. Отменить её и выйти?</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>Merge two cards</source>
        <translation>Объединить две карточки</translation>
    </message>
    <message>
        <source>Merge two cards into one</source>
        <translation>Объединить две карточки в одну</translation>
    </message>
    <message>
        <source>Where the cards differ, choose the value to keep. The kept card receives the other card&apos;s phones, emails, tags, deals, tasks and history; the other card goes to the trash. You can undo the merge later.</source>
        <translation>Там, где карточки различаются, выберите значение, которое нужно оставить. Сохраняемая карточка получит телефоны, email, теги, сделки, задачи и историю другой карточки, а другая карточка будет перемещена в корзину. Объединение можно будет отменить.</translation>
    </message>
    <message>
        <source>⇄ Keep the other card</source>
        <translation>⇄ Оставить другую карточку</translation>
    </message>
    <message>
        <source>Swap the cards: keep the right one, trash the left one</source>
        <translation>Поменять карточки местами: оставить правую, левую переместить в корзину</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>Объединить</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Comparing the cards…</source>
        <translation>Сравнение карточек…</translation>
    </message>
    <message>
        <source>KEPT CARD</source>
        <translation>СОХРАНЯЕМАЯ КАРТОЧКА</translation>
    </message>
    <message>
        <source>MERGED INTO IT, THEN TRASHED</source>
        <translation>ОБЪЕДИНЯЕТСЯ С НЕЙ И ПЕРЕМЕЩАЕТСЯ В КОРЗИНУ</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(пусто)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>&lt;b&gt;The kept card will have&lt;/b&gt;&lt;br&gt;Phones: %1&lt;br&gt;Email: %2&lt;br&gt;Tags: %3</source>
        <translation>&lt;b&gt;В сохраняемой карточке будут&lt;/b&gt;&lt;br&gt;Телефоны: %1&lt;br&gt;Email: %2&lt;br&gt;Теги: %3</translation>
    </message>
    <message>
        <source>Moves to the kept card: %1</source>
        <translation>Переходит в сохраняемую карточку: %1</translation>
    </message>
    <message>
        <source>No deals, tasks or notes are linked to the other card: nothing else moves.</source>
        <translation>С другой карточкой не связано ни сделок, ни задач, ни заметок: больше ничего не переносится.</translation>
    </message>
    <message>
        <source>Merging…</source>
        <translation>Объединение…</translation>
    </message>
    <message>
        <source>One of the cards was changed while this window was open, so nothing was merged. The comparison below has been refreshed: check it and merge again.</source>
        <translation>Одна из карточек была изменена, пока это окно было открыто, поэтому объединение не выполнено. Сравнение ниже обновлено: проверьте его и объедините снова.</translation>
    </message>
</context>
<context>
    <name>OrganizationDialog</name>
    <message>
        <source>New organization</source>
        <translation>Новая организация</translation>
    </message>
    <message>
        <source>Organization — %1</source>
        <translation>Организация — %1</translation>
    </message>
    <message>
        <source>Enter the organization&apos;s name.</source>
        <translation>Введите название организации.</translation>
    </message>
    <message>
        <source>A KPP has 9 characters: digits, with letters A–Z allowed in the 5th and 6th.</source>
        <translation>КПП состоит из 9 символов: цифры, в 5-й и 6-й позициях допускаются буквы A–Z.</translation>
    </message>
    <message>
        <source>An OGRN has 13 digits (an OGRNIP of a sole trader has 15).</source>
        <translation>ОГРН состоит из 13 цифр (ОГРНИП индивидуального предпринимателя — из 15).</translation>
    </message>
</context>
<context>
    <name>OrganizationForm</name>
    <message>
        <source>Organization</source>
        <translation>Организация</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Название:</translation>
    </message>
    <message>
        <source>e.g. Romashka LLC</source>
        <translation>например, ООО «Ромашка»</translation>
    </message>
    <message>
        <source>INN:</source>
        <translation>ИНН:</translation>
    </message>
    <message>
        <source>10 digits (12 for a sole trader)</source>
        <translation>10 цифр (12 для ИП)</translation>
    </message>
    <message>
        <source>KPP:</source>
        <translation>КПП:</translation>
    </message>
    <message>
        <source>9 characters</source>
        <translation>9 символов</translation>
    </message>
    <message>
        <source>OGRN:</source>
        <translation>ОГРН:</translation>
    </message>
    <message>
        <source>13 digits (15 for a sole trader)</source>
        <translation>13 цифр (15 для ИП)</translation>
    </message>
    <message>
        <source>Industry:</source>
        <translation>Отрасль:</translation>
    </message>
    <message>
        <source>e.g. Construction</source>
        <translation>например, Строительство</translation>
    </message>
    <message>
        <source>Key client</source>
        <translation>Ключевой клиент</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Реквизиты</translation>
    </message>
    <message>
        <source>City:</source>
        <translation>Город:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Адрес:</translation>
    </message>
    <message>
        <source>Street, building, office</source>
        <translation>Улица, дом, офис</translation>
    </message>
    <message>
        <source>Website:</source>
        <translation>Сайт:</translation>
    </message>
    <message>
        <source>example.com</source>
        <translation>example.com</translation>
    </message>
    <message>
        <source>Segment:</source>
        <translation>Сегмент:</translation>
    </message>
    <message>
        <source>e.g. Wholesale</source>
        <translation>например, Опт</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>Источник:</translation>
    </message>
    <message>
        <source>Where the client came from</source>
        <translation>Откуда пришёл клиент</translation>
    </message>
    <message>
        <source>Tags:</source>
        <translation>Теги:</translation>
    </message>
    <message>
        <source>Comma separated: vip, partner</source>
        <translation>Через запятую: vip, партнёр</translation>
    </message>
    <message>
        <source>Phones</source>
        <translation>Телефоны</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Interests and needs</source>
        <translation>Интересы и потребности</translation>
    </message>
    <message>
        <source>What the client is interested in, what they need</source>
        <translation>Чем интересуется клиент, что ему нужно</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Заметки</translation>
    </message>
    <message>
        <source>Anything worth remembering</source>
        <translation>Всё, что стоит запомнить</translation>
    </message>
</context>
<context>
    <name>PersonDialog</name>
    <message>
        <source>New person</source>
        <translation>Новый контакт</translation>
    </message>
    <message>
        <source>Person — %1</source>
        <translation>Контакт — %1</translation>
    </message>
    <message>
        <source>Enter the person&apos;s name: at least the last or the first name.</source>
        <translation>Введите имя контакта: хотя бы фамилию или имя.</translation>
    </message>
    <message>
        <source>Choose the organization from the list that opens as you type, or clear the field.</source>
        <translation>Выберите организацию из списка, который открывается при вводе, или очистите поле.</translation>
    </message>
</context>
<context>
    <name>PersonForm</name>
    <message>
        <source>Person</source>
        <translation>Контакт</translation>
    </message>
    <message>
        <source>Last name:</source>
        <translation>Фамилия:</translation>
    </message>
    <message>
        <source>Or type the full name here</source>
        <translation>Или введите здесь ФИО полностью</translation>
    </message>
    <message>
        <source>First name:</source>
        <translation>Имя:</translation>
    </message>
    <message>
        <source>Middle name:</source>
        <translation>Отчество:</translation>
    </message>
    <message>
        <source>Patronymic, if any</source>
        <translation>Отчество (при наличии)</translation>
    </message>
    <message>
        <source>Organization:</source>
        <translation>Организация:</translation>
    </message>
    <message>
        <source>Type to find an organization</source>
        <translation>Начните вводить, чтобы найти организацию</translation>
    </message>
    <message>
        <source>Position:</source>
        <translation>Должность:</translation>
    </message>
    <message>
        <source>e.g. Purchasing manager</source>
        <translation>например, Менеджер по закупкам</translation>
    </message>
    <message>
        <source>Department:</source>
        <translation>Отдел:</translation>
    </message>
    <message>
        <source>Birthday:</source>
        <translation>День рождения:</translation>
    </message>
    <message>
        <source>Tick when you know the birthday; leave it empty otherwise</source>
        <translation>Отметьте, если знаете день рождения; иначе оставьте пустым</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Реквизиты</translation>
    </message>
    <message>
        <source>INN:</source>
        <translation>ИНН:</translation>
    </message>
    <message>
        <source>12 digits (10 for a company)</source>
        <translation>12 цифр (10 для организации)</translation>
    </message>
    <message>
        <source>City:</source>
        <translation>Город:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Адрес:</translation>
    </message>
    <message>
        <source>Street, building, office</source>
        <translation>Улица, дом, офис</translation>
    </message>
    <message>
        <source>Website:</source>
        <translation>Сайт:</translation>
    </message>
    <message>
        <source>example.com</source>
        <translation>example.com</translation>
    </message>
    <message>
        <source>Segment:</source>
        <translation>Сегмент:</translation>
    </message>
    <message>
        <source>e.g. Wholesale</source>
        <translation>например, Опт</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>Источник:</translation>
    </message>
    <message>
        <source>Where the client came from</source>
        <translation>Откуда пришёл клиент</translation>
    </message>
    <message>
        <source>Tags:</source>
        <translation>Теги:</translation>
    </message>
    <message>
        <source>Comma separated: vip, partner</source>
        <translation>Через запятую: vip, партнёр</translation>
    </message>
    <message>
        <source>Key client</source>
        <translation>Ключевой клиент</translation>
    </message>
    <message>
        <source>Phones</source>
        <translation>Телефоны</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Interests and needs</source>
        <translation>Интересы и потребности</translation>
    </message>
    <message>
        <source>What the client is interested in, what they need</source>
        <translation>Чем интересуется клиент, что ему нужно</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Заметки</translation>
    </message>
    <message>
        <source>Anything worth remembering</source>
        <translation>Всё, что стоит запомнить</translation>
    </message>
</context>
<context>
    <name>PhonesEditor</name>
    <message>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>Ext.</source>
        <translation>Доб.</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Комментарий</translation>
    </message>
    <message>
        <source>Will be saved as</source>
        <translation>Будет сохранён как</translation>
    </message>
    <message>
        <source>Add phone</source>
        <translation>Добавить телефон</translation>
    </message>
    <message>
        <source>+7 912 345-67-89</source>
        <translation>+7 912 345-67-89</translation>
    </message>
    <message>
        <source>Extension</source>
        <translation>Добавочный</translation>
    </message>
    <message>
        <source>e.g. after 2 pm</source>
        <translation>например, после 14:00</translation>
    </message>
    <message>
        <source>Remove this phone</source>
        <translation>Удалить этот телефон</translation>
    </message>
    <message>
        <source>Several numbers: %1</source>
        <translation>Несколько номеров: %1</translation>
    </message>
    <message>
        <source>⚠ Not recognised: %1</source>
        <translation>⚠ Не распознан: %1</translation>
    </message>
    <message>
        <source>Not recognised as a phone number (%1). It will be saved as typed and marked, so you can correct it later.</source>
        <translation>Не распознан как номер телефона (%1). Он будет сохранён как введён и помечен, чтобы его можно было исправить позже.</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <source>Search: name, phone, email, INN  (Ctrl+K)</source>
        <translation>Поиск: имя, телефон, email, ИНН  (Ctrl+K)</translation>
    </message>
</context>
<context>
    <name>SearchResultsModel</name>
    <message>
        <source>Organizations</source>
        <translation>Организации</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Контакты</translation>
    </message>
</context>
<context>
    <name>TimelineModel</name>
    <message>
        <source>Outgoing call</source>
        <translation>Исходящий звонок</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>Входящий звонок</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Fax</source>
        <translation>Факс</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>Письмо</translation>
    </message>
    <message>
        <source>Presentation</source>
        <translation>Презентация</translation>
    </message>
    <message>
        <source>Negotiations</source>
        <translation>Переговоры</translation>
    </message>
    <message>
        <source>To-do</source>
        <translation>Дело</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Заметка</translation>
    </message>
    <message>
        <source>New deal</source>
        <translation>Новая сделка</translation>
    </message>
    <message>
        <source>Deal stage changed</source>
        <translation>Изменён этап сделки</translation>
    </message>
    <message>
        <source>Card changed</source>
        <translation>Карточка изменена</translation>
    </message>
    <message>
        <source>Cards merged</source>
        <translation>Карточки объединены</translation>
    </message>
    <message>
        <source>Moved to the trash</source>
        <translation>Перемещено в корзину</translation>
    </message>
    <message>
        <source>Restored from the trash</source>
        <translation>Восстановлено из корзины</translation>
    </message>
    <message>
        <source>Card created</source>
        <translation>Карточка создана</translation>
    </message>
    <message>
        <source>name</source>
        <translation>название</translation>
    </message>
    <message>
        <source>last name</source>
        <translation>фамилия</translation>
    </message>
    <message>
        <source>first name</source>
        <translation>имя</translation>
    </message>
    <message>
        <source>middle name</source>
        <translation>отчество</translation>
    </message>
    <message>
        <source>organization</source>
        <translation>организация</translation>
    </message>
    <message>
        <source>position</source>
        <translation>должность</translation>
    </message>
    <message>
        <source>department</source>
        <translation>отдел</translation>
    </message>
    <message>
        <source>INN</source>
        <translation>ИНН</translation>
    </message>
    <message>
        <source>KPP</source>
        <translation>КПП</translation>
    </message>
    <message>
        <source>OGRN</source>
        <translation>ОГРН</translation>
    </message>
    <message>
        <source>address</source>
        <translation>адрес</translation>
    </message>
    <message>
        <source>city</source>
        <translation>город</translation>
    </message>
    <message>
        <source>website</source>
        <translation>сайт</translation>
    </message>
    <message>
        <source>industry</source>
        <translation>отрасль</translation>
    </message>
    <message>
        <source>segment</source>
        <translation>сегмент</translation>
    </message>
    <message>
        <source>source</source>
        <translation>источник</translation>
    </message>
    <message>
        <source>interests</source>
        <translation>интересы</translation>
    </message>
    <message>
        <source>notes</source>
        <translation>заметки</translation>
    </message>
    <message>
        <source>key client</source>
        <translation>ключевой клиент</translation>
    </message>
    <message>
        <source>responsible manager</source>
        <translation>ответственный</translation>
    </message>
    <message>
        <source>phones</source>
        <translation>телефоны</translation>
    </message>
    <message>
        <source>emails</source>
        <translation>email</translation>
    </message>
    <message>
        <source>tags</source>
        <translation>теги</translation>
    </message>
    <message>
        <source>birthday</source>
        <translation>день рождения</translation>
    </message>
    <message>
        <source>Changed %1</source>
        <translation>Изменено: %1</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>да</translation>
    </message>
    <message>
        <source>no</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>Upcoming</source>
        <translation>Предстоящие</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Вчера</translation>
    </message>
    <message>
        <source>Earlier this week</source>
        <translation>Ранее на этой неделе</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>tomorrow, %1</source>
        <translation>завтра, %1</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Просрочено</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>Запланировано</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>Выиграна</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>Проиграна</translation>
    </message>
    <message>
        <source>%1, %2: %3</source>
        <translation>%1, %2: %3</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Contact: %1</source>
        <translation>Контакт: %1</translation>
    </message>
    <message>
        <source>By %1</source>
        <translation>Автор: %1</translation>
    </message>
    <message>
        <source>Overdue: planned and not done yet</source>
        <translation>Просрочено: запланировано и ещё не выполнено</translation>
    </message>
</context>
<context>
    <name>TrashModel</name>
    <message>
        <source>Name</source>
        <translation>Название</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Удалено</translation>
    </message>
    <message>
        <source>Organization</source>
        <translation>Организация</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Контакт</translation>
    </message>
</context>
<context>
    <name>TrashPage</name>
    <message>
        <source>Trash</source>
        <translation>Корзина</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Восстановить</translation>
    </message>
    <message>
        <source>Delete permanently…</source>
        <translation>Удалить навсегда…</translation>
    </message>
    <message>
        <source>The trash is empty.</source>
        <translation>Корзина пуста.</translation>
    </message>
    <message>
        <source>Deleted cards stay here with their history until you delete them permanently.</source>
        <translation>Удалённые карточки хранятся здесь вместе с историей, пока вы не удалите их навсегда.</translation>
    </message>
    <message>
        <source>Delete permanently</source>
        <translation>Удалить навсегда</translation>
    </message>
    <message>
        <source>Delete %1 permanently? This cannot be undone.</source>
        <translation>Удалить %1 навсегда? Это действие нельзя отменить.</translation>
    </message>
</context>
<context>
    <name>_PersonRow</name>
    <message>
        <source>Open the card of %1</source>
        <translation>Открыть карточку: %1</translation>
    </message>
</context>
</TS>
